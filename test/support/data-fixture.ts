// A minimal stack for construct tests: one environment's keys and VPC in a single PlatformStack, with the
// configuration of a committed environment changed where a test needs it.
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EnvironmentConfig, EnvironmentName, loadConfigs } from '../../config';
import { DatabaseUsers } from '../../lib/constructs/database-users';
import { EncryptionKeys } from '../../lib/constructs/encryption-keys';
import { Network } from '../../lib/constructs/network';
import { PostgresDatabase } from '../../lib/constructs/postgres-database';
import { PlatformStack } from '../../lib/platform-stack';

/** A committed environment's validated configuration, with `change` applied to a deep copy. */
export function configOf(env: EnvironmentName, change: (c: EnvironmentConfig) => void = () => {}): EnvironmentConfig {
  const config = structuredClone(loadConfigs([env])[0]);
  change(config);
  return config;
}

export interface DataFixture {
  readonly stack: PlatformStack;
  readonly keys: EncryptionKeys;
  readonly network: Network;
  readonly config: EnvironmentConfig;
}

/** Skips esbuild bundling: construct tests look at templates, not at Lambda code. */
export function dataFixture(config: EnvironmentConfig): DataFixture {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new PlatformStack(app, 'fixture', {
    config,
    stateful: true,
    env: { account: config.account, region: config.region },
  });
  const keys = new EncryptionKeys(stack, 'Keys', { config });
  const network = new Network(stack, 'Network', { config, logsKey: keys.logs });
  return { stack, keys, network, config };
}

/** Logical IDs of a template's resources of one type. */
export function idsOf(template: Template, type: string): string[] {
  return Object.keys(template.findResources(type));
}

/** The cdk-nag acknowledgments written into a resource's metadata. */
export function acknowledgedRules(template: Template, logicalId: string): string[] {
  const metadata = template.toJSON().Resources[logicalId].Metadata;
  return (metadata?.cdk_nag?.rules_to_suppress ?? []).map((r: { id: string }) => r.id);
}

/** The fixture plus a PostgreSQL instance and its user secrets, as the data stack builds them. */
export function databaseWithUsers(config: EnvironmentConfig) {
  const fixture = dataFixture(config);
  const { stack, keys, network } = fixture;
  const db = new PostgresDatabase(stack, 'Postgres', { config, vpc: network.vpc, keys });
  const users = new DatabaseUsers(stack, 'Users', {
    config,
    vpc: network.vpc,
    instance: db.instance,
    databaseSecurityGroup: db.securityGroup,
    masterSecret: db.masterSecret,
    secretsKey: keys.secrets,
    logsKey: keys.logs,
  });
  return { ...fixture, db, users };
}
