#!/usr/bin/env node
// The only place that reads process.env and CDK context. Usage:
//   cdk synth                    all environments
//   cdk synth -c env=prod        one environment (or a comma-separated list)
//   PLATFORM_PROD_ACCOUNT=123456789012 PLATFORM_PROD_REGION=eu-west-1 cdk deploy -c env=prod --all
import { App } from 'aws-cdk-lib';
import { ConfigError, ConfigOverrides, ENVIRONMENT_NAMES, EnvironmentName, selectEnvironments } from '../config';
import { addPlatformStages } from '../lib/platform-app';

function overridesFromEnv(env: NodeJS.ProcessEnv): Partial<Record<EnvironmentName, ConfigOverrides>> {
  return Object.fromEntries(
    ENVIRONMENT_NAMES.map((name) => {
      const prefix = `PLATFORM_${name.toUpperCase()}_`;
      // An empty variable (a CI variable that is not set) means no override.
      return [name, { account: env[`${prefix}ACCOUNT`] || undefined, region: env[`${prefix}REGION`] || undefined }];
    }),
  );
}

try {
  const app = new App();
  const selection = (app.node.tryGetContext('env') as string | undefined) ?? process.env.PLATFORM_ENV;
  addPlatformStages(app, { environments: selectEnvironments(selection), overrides: overridesFromEnv(process.env) });
  app.synth();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  // Readable, one line per problem, no stack trace.
  console.error(err.message);
  process.exit(1);
}
