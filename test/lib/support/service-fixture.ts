import { App, Stack, Stage, aws_ec2 as ec2, aws_ecr as ecr, aws_rds as rds, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { PolicyValidationPluginReport } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { BUILT_IN_CONFIGS, EnvironmentConfig, EnvironmentName, loadConfigs } from '../../../config';
import type { ConfigOverrides } from '../../../config';
import { PlatformChecks } from '../../../lib/compliance/platform-checks';
import { KeysStack } from '../../../lib/stacks/keys-stack';
import { NetworkStack } from '../../../lib/stacks/network-stack';
import { ServiceStack } from '../../../lib/stacks/service-stack';

/** Stand-in for the data tier (built on another branch): a proxy and cache with security groups and user secrets. */
export class DataTierFixture extends Stack {
  readonly proxy: rds.IDatabaseProxy;
  readonly proxySecurityGroup: ec2.SecurityGroup;
  readonly cacheSecurityGroup: ec2.SecurityGroup;
  readonly dbAppUserSecret: secretsmanager.Secret;
  readonly cacheAppUserSecret: secretsmanager.Secret;
  readonly appSecrets: Record<string, secretsmanager.Secret>;
  readonly repository: ecr.Repository;

  constructor(scope: Stage, config: EnvironmentConfig, vpc: ec2.IVpc, keys: KeysStack) {
    super(scope, 'data-fixture');
    this.proxySecurityGroup = new ec2.SecurityGroup(this, 'ProxySg', { vpc, allowAllOutbound: false });
    this.cacheSecurityGroup = new ec2.SecurityGroup(this, 'CacheSg', { vpc, allowAllOutbound: false });
    this.proxy = rds.DatabaseProxy.fromDatabaseProxyAttributes(this, 'Proxy', {
      dbProxyArn: `arn:aws:rds:${config.region}:${config.account}:db-proxy:prx-0123456789abcdef0`,
      dbProxyName: 'platform-proxy',
      endpoint: 'platform-proxy.proxy-abc.eu-west-1.rds.amazonaws.com',
      securityGroups: [this.proxySecurityGroup],
    });
    const secret = (id: string) => new secretsmanager.Secret(this, id, { encryptionKey: keys.keys.secrets });
    this.dbAppUserSecret = secret('DbAppUser');
    this.cacheAppUserSecret = secret('CacheAppUser');
    this.appSecrets = Object.fromEntries(config.appSecrets.names.map((name) => [name, secret(name)]));
    this.repository = new ecr.Repository(this, 'Images');
  }
}

export interface ServiceFixture {
  readonly config: EnvironmentConfig;
  readonly stage: Stage;
  readonly data: DataTierFixture;
  readonly keys: KeysStack;
  readonly service: ServiceStack;
}

export interface ServiceFixtureOptions {
  readonly overrides?: ConfigOverrides;
  /** Changes the committed raw configuration (a deep copy) before validation. */
  readonly edit?: (raw: Record<string, any>) => void;
  /** ServiceDatabase.iamUsers. @default the stack's default */
  readonly iamUsers?: readonly string[];
}

/** The service stack of `env`, wired to the real keys and network stacks and the data-tier stand-in. */
export function buildServiceFixture(env: EnvironmentName, options: ServiceFixtureOptions = {}): ServiceFixture {
  const raw = structuredClone(BUILT_IN_CONFIGS[env]) as Record<string, any>;
  options.edit?.(raw);
  const [config] = loadConfigs([env], { [env]: options.overrides ?? {} }, { ...BUILT_IN_CONFIGS, [env]: raw });
  const app = new App();
  const stage = new Stage(app, `platform-${env}`, { env: { account: config.account, region: config.region } });
  const keys = new KeysStack(stage, 'keys', { config });
  const network = new NetworkStack(stage, 'network', { config, logsKey: keys.keys.logs });
  const data = new DataTierFixture(stage, config, network.network.vpc, keys);
  const service = new ServiceStack(stage, 'service', {
    config,
    vpc: network.network.vpc,
    keys: keys.keys,
    database: {
      proxyResourceId: 'prx-0123456789abcdef0',
      proxyEndpoint: data.proxy.endpoint,
      proxySecurityGroup: data.proxySecurityGroup,
      port: 5432,
      databaseName: 'app',
      schema: 'app',
      appUserSecret: data.dbAppUserSecret,
      iamUsers: options.iamUsers,
    },
    cache: {
      primaryEndpoint: 'master.platform-cache.abc.euw1.cache.amazonaws.com',
      port: 6379,
      securityGroup: data.cacheSecurityGroup,
      appUserSecret: data.cacheAppUserSecret,
    },
    appSecrets: data.appSecrets,
    repository: data.repository,
  });
  return { config, stage, data, keys, service };
}

/** Unacknowledged AwsSolutions and platform-pack findings on the resources of `stack` only, as readable lines. */
export function nagFindings(stack: Stack): string[] {
  const reports: PolicyValidationPluginReport[] = [
    new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(stack),
    new PlatformChecks(undefined, { verbose: true }).validateScope(stack),
  ];
  return reports.flatMap((r) =>
    r.violations.flatMap((v) => v.violatingResources.map((res) => `${v.ruleName} on ${res.constructPath ?? res.resourceLogicalId}`)),
  );
}

const serviceFixtures = new Map<EnvironmentName, ServiceFixture>();

/**
 * The unmodified service fixture of `env`, built once per test worker and shared by the files it runs (vitest's
 * `isolate: false`); a test that needs options or adds constructs calls buildServiceFixture instead.
 */
export function serviceFixture(env: EnvironmentName): ServiceFixture {
  let fixture = serviceFixtures.get(env);
  if (!fixture) serviceFixtures.set(env, (fixture = buildServiceFixture(env)));
  return fixture;
}
