// A deployed prod environment that meets the checklist, as the AWS APIs describe it: real SDK clients with their
// `send` mocked (aws-sdk-client-mock). Each test breaks one answer and expects that check, and only it, to fail.
import { BackupClient, ListBackupJobsCommand, ListCopyJobsCommand } from '@aws-sdk/client-backup';
import {
  CloudFormationClient,
  DescribeStackDriftDetectionStatusCommand,
  DescribeStacksCommand,
  DetectStackDriftCommand,
  ListStackResourcesCommand,
  StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, DescribeAlarmsCommand, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeReplicationGroupsCommand, DescribeUserGroupsCommand, DescribeUsersCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { DescribeListenersCommand, DescribeSSLPoliciesCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeDBInstancesCommand, DescribeDBParametersCommand, DescribeDBProxiesCommand, RDSClient } from '@aws-sdk/client-rds';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DescribeExecutionCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { GetCanaryCommand, GetCanaryRunsCommand, SyntheticsClient } from '@aws-sdk/client-synthetics';
import { GetLoggingConfigurationCommand, GetWebACLForResourceCommand, WAFV2Client } from '@aws-sdk/client-wafv2';
import { mockClient } from 'aws-sdk-client-mock';
import { ConfigOverrides, EnvironmentConfig, loadConfigs } from '../../../config';
import { REQUIRED_RULE_GROUPS } from '../../../lib/verify/checks/load-balancer';
import { environmentStacks, readInventory } from '../../../lib/verify/inventory';

/**
 * The lock holds client-synthetics 3.669, whose own copy of @smithy/types does not type-check against
 * aws-sdk-client-mock's: same runtime behaviour, so its stub is typed loosely.
 */
type LooseStub = { on: (command: unknown, input?: unknown) => { resolves: (output: unknown) => unknown; rejects: (error: unknown) => unknown } };

export const ACCOUNT = '123456789012';
export const NOW = new Date('2026-11-30T06:00:00.000Z');
export const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);
export const daysAgo = (d: number) => hoursAgo(d * 24);
export const awsError = (name: string, message = name) => Object.assign(new Error(message), { name, $metadata: {} });

/** prod with every placeholder replaced, as PLATFORM_PROD_* variables would give it. */
export function prodConfig(): EnvironmentConfig {
  const [config] = loadConfigs(['prod'], { prod: PROD_OVERRIDES });
  return config;
}

export const RECOVERY_POINT = `arn:aws:rds:eu-west-3:${ACCOUNT}:snapshot:awsbackup:copyjob-0123456789abcdef`;

/** prod's recovery environment in eu-west-3, as `npm run recover` verifies it (-c recoveryPointArn=<arn>). */
export function recoveryConfig(): EnvironmentConfig {
  const [config] = loadConfigs(['prod-recovery'], { prod: { ...PROD_OVERRIDES, recoveryPointArn: RECOVERY_POINT } });
  return config;
}

const PROD_OVERRIDES: ConfigOverrides = {
  account: ACCOUNT,
  certificateArn: `arn:aws:acm:eu-west-1:${ACCOUNT}:certificate/1f2e3d4c-0000-4000-8000-123456789abc`,
  alarmEmails: { critical: ['pager@acme.io'], warning: ['team@acme.io'] },
  canaryDomain: 'app.acme.io',
  allowedOrigins: ['https://app.acme.io'],
  recoveryCertificateArn: `arn:aws:acm:eu-west-3:${ACCOUNT}:certificate/2f2e3d4c-0000-4000-8000-123456789abc`,
};

export const ARN = {
  alb: `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/app/platf-LoadB-abc/0123456789abcdef`,
  webAcl: `arn:aws:wafv2:eu-west-1:${ACCOUNT}:regional/webacl/WafWebAcl-xyz/11111111-2222-3333-4444-555555555555`,
  drill: `arn:aws:states:eu-west-1:${ACCOUNT}:stateMachine:RestoreDrillStateMachineE11F2234-abc`,
  masterSecret: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:platformproddataPostgresInstanceSecret-AbCdEf`,
  appUser: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:DatabaseUsersAppSecret-AbCdEf`,
  cleanupUser: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:DatabaseUsersSessionCleanupSecret-AbCdEf`,
  migratorUser: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:DatabaseUsersMigratorSecret-AbCdEf`,
  authSecret: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:AppSecretsAUTHSECRET-AbCdEf`,
};
export const NAMES = {
  vault: 'BackupVault368E0ECE-abc',
  copyVault: 'Vault645BC77C-def',
  parameterGroup: 'platform-prod-data-postgresparametergroup-abc',
  instance: 'platform-prod-db',
  proxy: 'platform-prod-proxy',
  canary: 'prod-uptime',
  cache: 'platform-prod-cache',
  cleanupFunction: 'platform-prod-operations-SessionCleanupFunction-abc',
  alarms: ['platform-prod-Http5xxCritical', 'platform-prod-CanaryCritical'],
  composite: 'platform-prod-ServiceUnavailable',
};

const resource = (LogicalResourceId: string, ResourceType: string, PhysicalResourceId: string): StackResourceSummary => ({
  LogicalResourceId,
  ResourceType,
  PhysicalResourceId,
  ResourceStatus: 'CREATE_COMPLETE',
  LastUpdatedTimestamp: daysAgo(10),
});

/** ListStackResources per stack, with the logical IDs the stacks give their resources. */
export const STACK_RESOURCES: Record<string, StackResourceSummary[]> = {
  'platform-prod-keys': [resource('KeysDataKey8F3FE3A4', 'AWS::KMS::Key', 'key-1')],
  'platform-prod-registry': [resource('ImagesRepository2D0F5B9C', 'AWS::ECR::Repository', 'repo')],
  'platform-prod-network': [resource('NetworkVpc7FB7348F', 'AWS::EC2::VPC', 'vpc-1')],
  'platform-prod-backup-copy': [resource('Vault645BC77C', 'AWS::Backup::BackupVault', NAMES.copyVault)],
  // Deployed; no check reads it yet.
  'platform-prod-disaster-recovery': [],
  'platform-prod-data': [
    resource('PostgresInstanceEC667DB9', 'AWS::RDS::DBInstance', NAMES.instance),
    resource('PostgresParameterGroupC3694DF2', 'AWS::RDS::DBParameterGroup', NAMES.parameterGroup),
    resource('ProxyE947DB46', 'AWS::RDS::DBProxy', NAMES.proxy),
    resource('platformproddataPostgresInstanceSecret35B823D03fdaad7efa858a3daf9490cf0a702aeb', 'AWS::SecretsManager::Secret', ARN.masterSecret),
    resource('DatabaseUsersAppSecret0C80204B', 'AWS::SecretsManager::Secret', ARN.appUser),
    resource('DatabaseUsersSessionCleanupSecret5C406E12', 'AWS::SecretsManager::Secret', ARN.cleanupUser),
    resource('DatabaseUsersMigratorSecret6F2C6980', 'AWS::SecretsManager::Secret', ARN.migratorUser),
    resource('BackupVault368E0ECE', 'AWS::Backup::BackupVault', NAMES.vault),
    resource('CacheReplicationGroupBFE59FF3', 'AWS::ElastiCache::ReplicationGroup', NAMES.cache),
  ],
  'platform-prod-secrets': [resource('AppSecretsAUTHSECRET7DA29307', 'AWS::SecretsManager::Secret', ARN.authSecret)],
  'platform-prod-migrations': [],
  'platform-prod-service': [
    resource('LoadBalancer8E47CE52', 'AWS::ElasticLoadBalancingV2::LoadBalancer', ARN.alb),
    resource('WafWebAclBE24253C', 'AWS::WAFv2::WebACL', 'WafWebAcl-xyz|11111111-2222-3333-4444-555555555555|REGIONAL'),
  ],
  'platform-prod-operations': [
    resource('SessionCleanupFunction347F75D1', 'AWS::Lambda::Function', NAMES.cleanupFunction),
    resource('RestoreDrillStateMachineE11F2234', 'AWS::StepFunctions::StateMachine', ARN.drill),
  ],
  'platform-prod-monitoring': [
    ...NAMES.alarms.map((name, i) => resource(`Alarm${i}`, 'AWS::CloudWatch::Alarm', name)),
    resource('ServiceUnavailableFA248427', 'AWS::CloudWatch::CompositeAlarm', NAMES.composite),
    resource('UptimeCanaryCD514DD8', 'AWS::Synthetics::Canary', NAMES.canary),
  ],
};

/** prod-recovery's stacks (in eu-west-3) hold what prod's do; it has no backup-copy, secrets or drill stack. */
const RECOVERY_STACK_RESOURCES = Object.fromEntries(
  Object.entries(STACK_RESOURCES)
    .filter(([name]) => !/-(backup-copy|secrets|disaster-recovery)$/.test(name))
    .map(([name, summaries]) => [name.replace('platform-prod-', 'platform-prod-recovery-'), summaries]),
);

/** The signing secrets' names (the default appSecrets.names), read by name in the recovery region. */
export const SIGNING_SECRETS = ['AUTH_SECRET', 'JWT_SECRET', 'SESSION_SECRET'].map((name) => `platform/prod/app/${name}`);

const secretAnswer = (arn: string, lastRotated = daysAgo(12)) => ({
  ARN: arn,
  Name: arn.split(':').pop(),
  RotationEnabled: true,
  RotationRules: { AutomaticallyAfterDays: 30 },
  LastRotatedDate: lastRotated,
  VersionIdsToStages: { v2: ['AWSCURRENT'], v1: ['AWSPREVIOUS'] },
});

export const EMF_LINE = JSON.stringify({
  _aws: { Timestamp: hoursAgo(0.2).getTime(), CloudWatchMetrics: [{ Namespace: 'Platform/SessionCleanup', Dimensions: [[]], Metrics: [{ Name: 'DeletedExpired', Unit: 'Count' }] }] },
  DeletedExpired: 12,
  DeletedRevoked: 3,
  Backlog: 0,
  DurationMs: 840,
});

/** When an environment of a year's history was created; a test makes a stack new by setting its entry in `created`. */
export const LONG_AGO = daysAgo(400);

/**
 * Mocks every client with the passing environment; returns the clients, their mocks and each stack's CreationTime
 * (DescribeStacks), a year ago unless a test sets it.
 */
export function liveEnvironment() {
  const region = 'eu-west-1';
  const cfn = { 'eu-west-1': new CloudFormationClient({ region }), 'eu-west-3': new CloudFormationClient({ region: 'eu-west-3' }) };
  // The primaries a recovery environment's replicas come from (any other region than the client's own).
  const secretsManagerHome = new SecretsManagerClient({ region });
  const clients = {
    sts: new STSClient({ region }),
    cloudFormation: (r: string) => cfn[r as keyof typeof cfn],
    secretsManager: new SecretsManagerClient({ region }),
    secretsManagerIn: (_region: string) => secretsManagerHome,
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
  const mocks = {
    sts: mockClient(clients.sts),
    cfnMain: mockClient(cfn['eu-west-1']),
    cfnCopy: mockClient(cfn['eu-west-3']),
    secretsManager: mockClient(clients.secretsManager),
    secretsManagerHome: mockClient(secretsManagerHome),
    backup: mockClient(clients.backup),
    sfn: mockClient(clients.sfn),
    wafv2: mockClient(clients.wafv2),
    elbv2: mockClient(clients.elbv2),
    cloudWatch: mockClient(clients.cloudWatch),
    synthetics: mockClient(clients.synthetics as any) as unknown as LooseStub,
    logs: mockClient(clients.logs),
    rds: mockClient(clients.rds),
    elastiCache: mockClient(clients.elastiCache),
    lambda: mockClient(clients.lambda),
  };
  const created: Record<string, Date> = Object.fromEntries(Object.keys({ ...STACK_RESOURCES, ...RECOVERY_STACK_RESOURCES }).map((name) => [name, LONG_AGO]));
  mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/platform-prod-verify/ci` });
  for (const cfnMock of [mocks.cfnMain, mocks.cfnCopy]) {
    cfnMock.on(ListStackResourcesCommand).rejects(awsError('ValidationError', 'Stack with id x does not exist'));
    for (const [StackName, summaries] of Object.entries({ ...STACK_RESOURCES, ...RECOVERY_STACK_RESOURCES })) cfnMock.on(ListStackResourcesCommand, { StackName }).resolves({ StackResourceSummaries: summaries });
    cfnMock.on(DescribeStacksCommand).callsFake((input: { StackName: string }) =>
      created[input.StackName]
        ? Promise.resolve({ Stacks: [{ StackName: input.StackName, CreationTime: created[input.StackName], StackStatus: 'UPDATE_COMPLETE' }] })
        : Promise.reject(awsError('ValidationError', `Stack with id ${input.StackName} does not exist`)),
    );
    cfnMock.on(DetectStackDriftCommand).resolves({ StackDriftDetectionId: 'drift-1' });
    cfnMock.on(DescribeStackDriftDetectionStatusCommand).resolves({
      StackId: 'id',
      StackDriftDetectionId: 'drift-1',
      DetectionStatus: 'DETECTION_COMPLETE',
      StackDriftStatus: 'IN_SYNC',
      DriftedStackResourceCount: 0,
      Timestamp: NOW,
    });
  }
  mocks.secretsManager.on(DescribeSecretCommand).callsFake((input: { SecretId: string }) => secretAnswer(input.SecretId));
  for (const SecretId of SIGNING_SECRETS) {
    mocks.secretsManager.on(DescribeSecretCommand, { SecretId }).resolves({ Name: SecretId, PrimaryRegion: 'eu-west-1' });
    mocks.secretsManagerHome.on(DescribeSecretCommand, { SecretId }).resolves({ Name: SecretId, ReplicationStatus: [{ Region: 'eu-west-3', Status: 'InSync' }] });
  }
  mocks.backup.on(ListBackupJobsCommand).resolves({
    BackupJobs: [{ BackupJobId: 'job-1', State: 'COMPLETED', ResourceArn: `arn:aws:rds:eu-west-1:${ACCOUNT}:db:${NAMES.instance}`, CreationDate: hoursAgo(1), CompletionDate: hoursAgo(0.5) }],
  });
  mocks.backup.on(ListCopyJobsCommand).resolves({ CopyJobs: [{ CopyJobId: 'copy-1', State: 'COMPLETED', SourceRecoveryPointArn: 'arn:rp-1', CreationDate: hoursAgo(0.4), CompletionDate: hoursAgo(0.2) }] });
  mocks.sfn.on(ListExecutionsCommand).resolves({
    executions: [{ executionArn: `${ARN.drill}:run-nov`, stateMachineArn: ARN.drill, name: 'run-nov', status: 'SUCCEEDED', startDate: daysAgo(29.2), stopDate: daysAgo(29) }],
  });
  mocks.sfn.on(DescribeExecutionCommand).resolves({
    executionArn: `${ARN.drill}:run-nov`,
    stateMachineArn: ARN.drill,
    status: 'SUCCEEDED',
    startDate: daysAgo(29.2),
    output: JSON.stringify({ verified: true, metrics: { RestoreDurationSeconds: 1830, DataAgeSeconds: 240, DrillSucceeded: 1 } }),
  });
  mocks.elbv2.on(DescribeListenersCommand).resolves({
    Listeners: [
      { Port: 80, Protocol: 'HTTP', DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }] },
      { Port: 443, Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', DefaultActions: [{ Type: 'forward' }] },
    ],
  });
  mocks.elbv2.on(DescribeSSLPoliciesCommand).resolves({ SslPolicies: [{ Name: 'ELBSecurityPolicy-TLS13-1-2-2021-06', SslProtocols: ['TLSv1.2', 'TLSv1.3'] }] });
  mocks.wafv2.on(GetWebACLForResourceCommand).resolves({
    WebACL: {
      Name: 'WafWebAcl-xyz',
      Id: '11111111-2222-3333-4444-555555555555',
      ARN: ARN.webAcl,
      DefaultAction: { Allow: {} },
      VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: 'acl' },
      Rules: REQUIRED_RULE_GROUPS.map((Name, Priority) => ({
        Name,
        Priority,
        Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name } },
        OverrideAction: { None: {} },
        VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: Name },
      })),
    },
  });
  mocks.wafv2.on(GetLoggingConfigurationCommand).resolves({
    LoggingConfiguration: {
      ResourceArn: ARN.webAcl,
      LogDestinationConfigs: [`arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:aws-waf-logs-platform-prod`],
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }],
    },
  });
  mocks.rds.on(DescribeDBInstancesCommand).resolves({
    DBInstances: [{ DBInstanceIdentifier: NAMES.instance, PubliclyAccessible: false, DBParameterGroups: [{ DBParameterGroupName: NAMES.parameterGroup, ParameterApplyStatus: 'in-sync' }] }],
  });
  mocks.rds.on(DescribeDBParametersCommand).resolves({
    Parameters: [
      { ParameterName: 'rds.force_ssl', ParameterValue: '1' },
      { ParameterName: 'log_statement', ParameterValue: 'none' },
      { ParameterName: 'log_min_duration_statement', ParameterValue: '-1' },
      { ParameterName: 'log_min_error_statement', ParameterValue: 'panic' },
      { ParameterName: 'shared_preload_libraries', ParameterValue: 'pg_stat_statements,auto_explain' },
      { ParameterName: 'pg_stat_statements.track_utility', ParameterValue: '0' },
    ],
  });
  mocks.rds.on(DescribeDBProxiesCommand).resolves({
    DBProxies: [
      {
        DBProxyName: NAMES.proxy,
        RequireTLS: true,
        Auth: [ARN.appUser, ARN.cleanupUser, ARN.migratorUser].map((SecretArn) => ({ AuthScheme: 'SECRETS' as const, IAMAuth: 'REQUIRED' as const, SecretArn })),
      },
    ],
  });
  mocks.elastiCache.on(DescribeReplicationGroupsCommand).resolves({
    ReplicationGroups: [
      {
        ReplicationGroupId: NAMES.cache,
        TransitEncryptionEnabled: true,
        TransitEncryptionMode: 'required',
        UserGroupIds: ['platform-prod-users'],
        SnapshotRetentionLimit: 7,
        AutomaticFailover: 'enabled',
        MultiAZ: 'enabled',
        MemberClusters: ['platform-prod-cache-001', 'platform-prod-cache-002'],
      },
    ],
  });
  mocks.elastiCache.on(DescribeUserGroupsCommand).resolves({ UserGroups: [{ UserGroupId: 'platform-prod-users', UserIds: ['platform-prod-default', 'platform-prod-app'] }] });
  mocks.elastiCache.on(DescribeUsersCommand).resolves({
    Users: [
      { UserId: 'platform-prod-default', UserName: 'default', AccessString: 'off -@all' },
      { UserId: 'platform-prod-app', UserName: 'app', AccessString: 'on ~* +@all -@dangerous' },
      { UserId: 'someone-elses', UserName: 'other', AccessString: 'on ~* +@all' },
    ],
  });
  mocks.cloudWatch.on(DescribeAlarmsCommand).resolves({
    MetricAlarms: NAMES.alarms.map((AlarmName) => ({ AlarmName, ActionsEnabled: true, AlarmActions: ['arn:aws:sns:topic'], StateValue: 'OK' as const, StateUpdatedTimestamp: daysAgo(3) })),
    CompositeAlarms: [{ AlarmName: NAMES.composite, ActionsEnabled: true, AlarmActions: ['arn:aws:sns:topic'], StateValue: 'OK', StateUpdatedTimestamp: daysAgo(3) }],
  });
  mocks.cloudWatch.on(GetMetricStatisticsCommand).resolves({ Datapoints: [{ Sum: 0 }] });
  mocks.synthetics.on(GetCanaryCommand).resolves({ Canary: { Name: NAMES.canary, Status: { State: 'RUNNING' } } });
  mocks.synthetics.on(GetCanaryRunsCommand).resolves({ CanaryRuns: [{ Name: NAMES.canary, Status: { State: 'PASSED' }, Timeline: { Started: hoursAgo(0.06), Completed: hoursAgo(0.05) } }] });
  mocks.lambda.on(GetFunctionConfigurationCommand).resolves({ FunctionName: NAMES.cleanupFunction, State: 'Active', LoggingConfig: { LogGroup: '/platform/prod/session-cleanup' } });
  mocks.logs.on(FilterLogEventsCommand).resolves({ events: [{ timestamp: hoursAgo(0.2).getTime(), message: `2026-11-30T05:48:00.000Z\tabc\tINFO\t${EMF_LINE}\n` }] });
  return { clients, mocks, created };
}

/** Makes every stack of the environment (names starting with `prefix`) created at `at`: a fresh deploy or a recovery. */
export function createdAt(created: Record<string, Date>, prefix: string, at: Date): void {
  for (const name of Object.keys(created)) if (name.startsWith(`${prefix}-`) && (prefix.endsWith('-recovery') || !name.startsWith(`${prefix}-recovery-`))) created[name] = at;
}

/**
 * An environment deployed at `at` (a recovery, a first deploy): its stacks that new, and no history yet: no backup or
 * copy job, no drill or cleanup run, no canary run, no rotation, every alarm INSUFFICIENT_DATA since its creation.
 */
export function freshEnvironment({ mocks, created }: ReturnType<typeof liveEnvironment>, prefix: string, at: Date): void {
  createdAt(created, prefix, at);
  mocks.backup.on(ListBackupJobsCommand).resolves({ BackupJobs: [] });
  mocks.backup.on(ListCopyJobsCommand).resolves({ CopyJobs: [] });
  mocks.sfn.on(ListExecutionsCommand).resolves({ executions: [] });
  mocks.synthetics.on(GetCanaryRunsCommand).resolves({ CanaryRuns: [] });
  mocks.logs.on(FilterLogEventsCommand).resolves({ events: [] });
  mocks.secretsManager.on(DescribeSecretCommand).callsFake((input: { SecretId: string }) => ({ ...secretAnswer(input.SecretId), LastRotatedDate: undefined }));
  mocks.cloudWatch.on(DescribeAlarmsCommand).resolves({
    MetricAlarms: NAMES.alarms.map((AlarmName) => ({ AlarmName, ActionsEnabled: true, AlarmActions: ['arn:aws:sns:topic'], StateValue: 'INSUFFICIENT_DATA' as const, StateUpdatedTimestamp: at })),
    CompositeAlarms: [{ AlarmName: NAMES.composite, ActionsEnabled: true, AlarmActions: ['arn:aws:sns:topic'], StateValue: 'INSUFFICIENT_DATA', StateUpdatedTimestamp: at }],
  });
}

export async function prodInventory(clients: ReturnType<typeof liveEnvironment>['clients']) {
  return readInventory(clients.cloudFormation, environmentStacks(prodConfig()));
}
