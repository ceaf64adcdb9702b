#!/usr/bin/env node
// The only place that reads process.env and CDK context. Usage:
//   cdk synth                    all environments
//   cdk synth -c env=prod        one environment (or a comma-separated list)
//   PLATFORM_PROD_ACCOUNT=123456789012 PLATFORM_PROD_REGION=eu-west-1 cdk deploy -c env=prod --all
//   cdk deploy -c env=prod -c imageTag=<git sha> --all    deploy an immutable image tag (CI)
//   cdk deploy -c env=prod -c firstDeploy=prod --all      first deploy: protections off until the next deploy
//   cdk deploy -c env=prod-recovery -c recoveryPointArn=<arn> --all   prod's recovery environment in its copy region
//                                                         (run by `npm run recover`, docs/disaster-recovery.md)
// Per environment, PLATFORM_<ENV>_* variables override account, region, certificate, alarm e-mails, canary domain and
// allowed origins (the list: overridesFromVariables in config/load.ts).
import { App } from 'aws-cdk-lib';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { ConfigError, ConfigOverrides, ENVIRONMENT_NAMES, EnvironmentName, overridesFromVariables, selectDeployments, selectEnvironments } from '../config';
import { formatFindings, readValidationReport, unacknowledgedFindings } from '../lib/compliance/validation-gate';
import { addPlatformStages } from '../lib/platform-app';
import { BackgroundTemplateValidation } from '../lib/compliance/template-validation';

function overridesFrom(
  env: NodeJS.ProcessEnv,
  imageTag: string | undefined,
  firstDeploy: readonly EnvironmentName[],
  recoveryPointArn: string | undefined,
): Partial<Record<EnvironmentName, ConfigOverrides>> {
  return Object.fromEntries(
    ENVIRONMENT_NAMES.map((name) => [
      name,
      { ...overridesFromVariables(name, env), imageTag, firstDeploy: firstDeploy.includes(name) || undefined, recoveryPointArn },
    ]),
  );
}

try {
  const app = new App();
  const selection = (app.node.tryGetContext('env') as string | undefined) ?? process.env.PLATFORM_ENV;
  // `-c imageTag=<git sha>`: the image this deploy runs (config validates it as an image tag).
  const tagContext: unknown = app.node.tryGetContext('imageTag');
  const imageTag = tagContext === undefined ? undefined : String(tagContext);
  // `-c firstDeploy=<env>[,<env>]`: the environments being created by this deploy (never "all" by default).
  const firstDeployContext: unknown = app.node.tryGetContext('firstDeploy');
  const firstDeploy = firstDeployContext === undefined ? [] : selectEnvironments(String(firstDeployContext));
  // `-c recoveryPointArn=<arn>`: the copied recovery point a recovery environment (`-c env=prod-recovery`) restores.
  const pointContext: unknown = app.node.tryGetContext('recoveryPointArn');
  const recoveryPointArn = pointContext === undefined ? undefined : String(pointContext);
  // The template validation engine is WebAssembly. V8 would also recompile its busy functions with its optimizing
  // compiler on background threads, which on a 2-core machine take the CPU synthesis needs, for the one or few
  // templates a usual synth validates: its baseline code only (about 1.5 s faster when one template changed, no
  // slower for a first synth, `npx tsx bench/synth.bench.ts`). Set before the engine is loaded in its worker.
  setFlagsFromString('--liftoff-only');
  addPlatformStages(app, {
    environments: selectDeployments(selection),
    overrides: overridesFrom(process.env, imageTag, firstDeploy, recoveryPointArn),
    // CDK's template validation on the idle core; CDK_VALIDATION=false (CDK's own switch) turns it off as before.
    // Findings of unchanged templates are reused from node_modules/.cache (`npm ci` starts it empty, so CI always
    // validates every template); PLATFORM_VALIDATION_CACHE=false validates every template every time.
    backgroundValidation: process.env.CDK_VALIDATION === 'false' ? undefined : new BackgroundTemplateValidation({
      cacheDirectory: process.env.PLATFORM_VALIDATION_CACHE === 'false' ? undefined : join(__dirname, '..', 'node_modules', '.cache', 'platform-template-validation'),
    }),
  });
  const assembly = app.synth();
  // The gate, not the CLI, refuses findings: the CDK CLI filters the report by selected stacks, and with every
  // stack inside a Stage a plain `cdk synth` selects none, so it would exit 0 (cdk.json sets
  // failSynthOnValidationErrors=false so CDK leaves the verdict to this check in every mode).
  const findings = unacknowledgedFindings(readValidationReport(assembly.directory));
  if (findings.length) {
    console.error(formatFindings(findings, `${assembly.directory}/validation-report.json`));
    process.exit(1);
  }
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  // Readable, one line per problem, no stack trace.
  console.error(err.message);
  process.exit(1);
}
