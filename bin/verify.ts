#!/usr/bin/env node
// Read-only checks of a deployed environment against the checklist, one line each (lib/verify/). Reads the same
// PLATFORM_<ENV>_* variables and -c values as bin/platform.ts, and the AWS credentials of the shell (the verifier
// role in CI: bootstrap/verifier-policy.json):
//   npm run verify -- -c env=prod [--json <file>] [--md <file>]
//   npm run verify -- -c env=prod-recovery -c recoveryPointArn=<arn>   the recovery environment (npm run recover runs it)
// The JSON feeds the auditors' report: npm run report -- --live <file>.
// Exit 0: nothing failed (N/A allowed); 1: a check failed or the configuration is invalid; 2: no credentials.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { BackupClient } from '@aws-sdk/client-backup';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { RDSClient } from '@aws-sdk/client-rds';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { STSClient } from '@aws-sdk/client-sts';
import { SyntheticsClient } from '@aws-sdk/client-synthetics';
import { WAFV2Client } from '@aws-sdk/client-wafv2';
import { DEPLOYMENT_NAMES, environmentOf, isDeploymentName, loadConfigs, overridesFromVariables } from '../config';
import { exitCode, formatLine, renderVerifyMarkdown } from '../lib/verify/result';
import { runVerify } from '../lib/verify/run';
import { perRegion, runCli } from './cli';
import { contextArguments } from './context-arguments';

function option(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

function write(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const context = contextArguments(argv);
  const name = context.env ?? process.env.PLATFORM_ENV;
  if (!name || !isDeploymentName(name)) {
    console.error(`verify: give one environment: npm run verify -- -c env=<${DEPLOYMENT_NAMES.join('|')}> [--json <file>] [--md <file>]${name ? ` (got "${name}")` : ''}`);
    return 1;
  }
  // A recovery environment (`prod-recovery`) is its environment's configuration in the copy region, built from the
  // recovery point it restored (`-c recoveryPointArn=<arn>`, which `npm run recover` passes), as bin/platform.ts does.
  const environment = environmentOf(name);
  const recoveryPointArn = context.recoveryPointArn;
  const [config] = loadConfigs([name], { [environment]: { ...overridesFromVariables(environment, process.env), recoveryPointArn } });
  const { region } = config;
  const clients = {
    sts: new STSClient({ region }),
    cloudFormation: perRegion((r) => new CloudFormationClient({ region: r })),
    secretsManager: new SecretsManagerClient({ region }),
    secretsManagerIn: perRegion((r) => new SecretsManagerClient({ region: r })),
    backup: new BackupClient({ region }),
    sfn: new SFNClient({ region }),
    wafv2: new WAFV2Client({ region }),
    elbv2: new ElasticLoadBalancingV2Client({ region }),
    cloudWatch: new CloudWatchClient({ region }),
    synthetics: new SyntheticsClient({ region }),
    logs: new CloudWatchLogsClient({ region }),
    rds: new RDSClient({ region }),
    elastiCache: new ElastiCacheClient({ region }),
    lambda: new LambdaClient({ region }),
  };
  const report = await runVerify(config, clients);
  console.log(report.results.map(formatLine).join('\n'));
  const json = option(argv, '--json');
  const md = option(argv, '--md');
  if (json) write(json, `${JSON.stringify(report, null, 2)}\n`);
  if (md) write(md, renderVerifyMarkdown(report));
  return exitCode(report.results);
}

runCli('verify', main, { signIn: 'sign in (aws sso login, a profile, or the verifier role)' });
