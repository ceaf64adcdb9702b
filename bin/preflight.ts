#!/usr/bin/env node
// Read-only AWS checks before a deploy, one line each (lib/preflight/checks.ts). Reads the same PLATFORM_<ENV>_*
// variables and -c values as bin/platform.ts, and the AWS credentials of the shell (profile, SSO, OIDC in CI):
//   npm run preflight -- -c env=prod [-c imageTag=<tag>]
// Exit 0: nothing failed (warnings allowed); 1: a check failed or the configuration is invalid; 2: no credentials.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ACMClient } from '@aws-sdk/client-acm';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { ECRClient } from '@aws-sdk/client-ecr';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { STSClient } from '@aws-sdk/client-sts';
import { isEnvironmentName, loadConfigs, overridesFromVariables } from '../config';
import { REQUIRED_BOOTSTRAP_VERSION, configuredImage, exitCode, formatResults, runPreflight } from '../lib/preflight/checks';
import { perRegion, runCli } from './cli';
import { contextArguments } from './context-arguments';

/** The bootstrap template version the installed CDK CLI deploys (`cdk bootstrap` would bring an older stack to it). */
function cliBootstrapVersion(): number {
  const template = readFileSync(join(dirname(require.resolve('aws-cdk/package.json')), 'lib/api/bootstrap/bootstrap-template.yaml'), 'utf8');
  const version = /CdkBootstrapVersion:[\s\S]*?Value: '(\d+)'/.exec(template)?.[1];
  return version ? Number(version) : REQUIRED_BOOTSTRAP_VERSION;
}

async function main(): Promise<number> {
  const context = contextArguments(process.argv.slice(2));
  const name = context.env ?? process.env.PLATFORM_ENV;
  if (!name || !isEnvironmentName(name)) {
    console.error(`preflight: give one environment: npm run preflight -- -c env=<dev|staging|prod>${name ? ` (got "${name}")` : ''}`);
    return 1;
  }
  const [config] = loadConfigs([name], { [name]: { ...overridesFromVariables(name, process.env), imageTag: context.imageTag } });
  const { region } = config;
  const clients = {
    sts: new STSClient({ region }),
    cloudFormation: perRegion((r) => new CloudFormationClient({ region: r })),
    acm: new ACMClient({ region }),
    ecr: perRegion((r) => new ECRClient({ region: r })),
    iam: new IAMClient({ region }),
    lambda: new LambdaClient({ region }),
  };
  const options = { requiredBootstrapVersion: REQUIRED_BOOTSTRAP_VERSION, currentBootstrapVersion: cliBootstrapVersion() };
  const results = await runPreflight(config, clients, options, configuredImage(config));
  console.log(formatResults(results));
  return exitCode(results);
}

runCli('preflight', main, { signIn: 'sign in (aws sso login, a profile, or the deploy role)' });
