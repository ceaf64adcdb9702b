import { App, Stage, aws_ec2 as ec2, aws_rds as rds, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { EnvironmentConfig, EnvironmentName, loadConfigs } from '../../../config';
import { registerNagPacks } from '../../../lib/compliance/nag';
import { KeysStack } from '../../../lib/stacks/keys-stack';
import { replicationGroupMemberIds } from '../../../lib/constructs/platform-metrics';
import { MonitoringStack } from '../../../lib/stacks/monitoring-stack';
import { NetworkStack } from '../../../lib/stacks/network-stack';
import { OperationsStack } from '../../../lib/stacks/operations-stack';

/**
 * Stand-in for the data tier: imported (attribute-only) database, proxy, security groups and secrets with the
 * shapes the DataStack exposes, so the ops stacks are tested without building (and nag-checking) a database.
 * A construct, not a stack: it creates no resources, and an empty stack is a CloudFormation error.
 */
export class FixtureData extends Construct {
  readonly instance: rds.IDatabaseInstance;
  readonly proxy: rds.IDatabaseProxy;
  readonly proxySecurityGroup: ec2.ISecurityGroup;
  readonly databaseSecurityGroup: ec2.ISecurityGroup;
  readonly sessionCleanupSecret: secretsmanager.ISecret;

  constructor(scope: Construct, id: string, config: EnvironmentConfig) {
    super(scope, id);
    this.databaseSecurityGroup = ec2.SecurityGroup.fromSecurityGroupId(this, 'DbSg', 'sg-0db0000000000000a');
    this.proxySecurityGroup = ec2.SecurityGroup.fromSecurityGroupId(this, 'ProxySg', 'sg-0bb0000000000000b');
    this.instance = rds.DatabaseInstance.fromDatabaseInstanceAttributes(this, 'Db', {
      instanceIdentifier: `platform-${config.name}-db`,
      instanceEndpointAddress: `platform-${config.name}-db.abc.eu-west-1.rds.amazonaws.com`,
      port: 5432,
      securityGroups: [this.databaseSecurityGroup],
      instanceResourceId: 'db-ABCDEFGHIJKLMNOP',
    });
    this.proxy = rds.DatabaseProxy.fromDatabaseProxyAttributes(this, 'Proxy', {
      dbProxyName: `platform-${config.name}-proxy`,
      dbProxyArn: `arn:aws:rds:eu-west-1:${config.account}:db-proxy:prx-0123456789abcdef0`,
      endpoint: `platform-${config.name}-proxy.proxy-abc.eu-west-1.rds.amazonaws.com`,
      securityGroups: [this.proxySecurityGroup],
    });
    this.sessionCleanupSecret = secretsmanager.Secret.fromSecretCompleteArn(
      this,
      'CleanupSecret',
      `arn:aws:secretsmanager:eu-west-1:${config.account}:secret:platform-${config.name}-session-cleanup-AbCdEf`,
    );
  }
}

/** prod gets a read replica in the fixture so the replica-lag alarm is exercised. */
const FIXTURE_REPLICAS: Partial<Record<EnvironmentName, string[]>> = { prod: ['platform-prod-db-replica-1'] };

export interface OpsFixture {
  readonly app: App;
  readonly stage: Stage;
  readonly config: EnvironmentConfig;
  readonly keys: KeysStack;
  readonly network: NetworkStack;
  readonly data: FixtureData;
  readonly operations: OperationsStack;
  readonly monitoring: MonitoringStack;
}

/** A stage with the real keys and network stacks, the data stand-in and the ops stacks under test. */
export function buildOpsFixture(name: EnvironmentName, mutate: (config: EnvironmentConfig) => EnvironmentConfig = (c) => c): OpsFixture {
  const config = mutate(loadConfigs([name])[0]);
  const app = new App();
  const stage = new Stage(app, `fixture-${name}`, { env: { account: config.account, region: config.region } });
  registerNagPacks(stage);
  const keys = new KeysStack(stage, 'keys', { config });
  const network = new NetworkStack(stage, 'network', { config, logsKey: keys.keys.logs });
  const data = new FixtureData(network, 'DataStandIn', config);
  const operations = new OperationsStack(stage, 'operations', {
    config,
    vpc: network.network.vpc,
    keys: keys.keys,
    endpointSecurityGroup: network.network.endpointSecurityGroup,
    database: {
      instance: data.instance,
      proxy: data.proxy,
      proxyResourceId: 'prx-0123456789abcdef0',
      proxySecurityGroupId: data.proxySecurityGroup.securityGroupId,
      proxyPort: 5432,
      port: 5432,
      databaseName: 'app',
      sessionCleanupSecret: data.sessionCleanupSecret,
      parameterGroupName: `platform-${config.name}-postgres`,
      subnetGroupName: `platform-${config.name}-isolated`,
    },
  });
  const monitoring = new MonitoringStack(stage, 'monitoring', {
    config,
    keys: keys.keys,
    resources: {
      alb: { loadBalancerFullName: 'app/platform-alb/0123456789abcdef', targetGroupFullName: 'targetgroup/platform-web/0123456789abcdef' },
      ecs: { clusterName: `platform-${name}`, serviceName: 'web' },
      database: { instanceIdentifier: data.instance.instanceIdentifier, proxyName: data.proxy.dbProxyName, readReplicaIdentifiers: FIXTURE_REPLICAS[name] },
      cache: { replicationGroupId: `platform-${name}-cache`, memberClusterIds: replicationGroupMemberIds(`platform-${name}-cache`, 1 + config.cache.replicas) },
      waf: { webAclMetricName: `platform-${name}-web-acl`, region: config.region, authRateRuleMetricName: 'auth-rate-limit' },
      sessionCleanup: {
        function: operations.sessionCleanup.function,
        timeoutSeconds: config.sessionCleanup.timeoutSeconds,
        metricsNamespace: config.sessionCleanup.metricsNamespace,
        deadLetterQueue: operations.sessionCleanup.deadLetterQueue,
      },
      restoreDrill: {
        stateMachine: operations.restoreDrill.stateMachine,
        metricsNamespace: config.observability.restoreDrill.metricsNamespace,
        environmentName: config.name,
        deadLetterQueue: operations.restoreDrill.deadLetterQueue,
      },
    },
  });
  return { app, stage, config, keys, network, data, operations, monitoring };
}

const opsFixtures = new Map<EnvironmentName, OpsFixture>();

/**
 * The unmodified fixture of `name`, built once per test worker and shared by the files it runs (vitest's
 * `isolate: false`); a test that adds constructs or changes the configuration calls buildOpsFixture instead.
 */
export function opsFixture(name: EnvironmentName): OpsFixture {
  let fixture = opsFixtures.get(name);
  if (!fixture) opsFixtures.set(name, (fixture = buildOpsFixture(name)));
  return fixture;
}
