import { Fn, Stack, aws_backup as backup, aws_ec2 as ec2, aws_events as events, aws_iam as iam, aws_rds as rds, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import type { EnvironmentConfig } from '../../config';
import { DatabaseBackup } from '../constructs/backup';
import { Cache } from '../constructs/cache';
import { DatabaseProxy, PROXY_PORT, PROXY_RESOURCE_ID_OUTPUT, grantProxyConnect } from '../constructs/database-proxy';
import { DATABASE_ROLES, DATABASE_ROTATION_SCHEME, DatabaseUsers, DatabaseUserSecrets } from '../constructs/database-users';
import { PlatformKeys, importPlatformKeys } from '../constructs/platform-keys';
import { PostgresDatabase, type PostgresInstance } from '../constructs/postgres-database';
import { acknowledgeInPacks } from '../compliance/packs';
import { PlatformStack } from '../platform-stack';

export interface DataStackProps {
  readonly config: EnvironmentConfig;
  /** The environment's VPC (subnet groups `private` and `isolated`). */
  readonly vpc: ec2.IVpc;
  readonly keys: PlatformKeys;
}

/** What other stacks need of the cache. */
export interface CacheEndpoint {
  /** Admit a client with an ingress rule on it, in the client's stack. */
  readonly securityGroup: ec2.SecurityGroup;
  readonly primaryEndpoint: string;
  readonly readerEndpoint: string;
  readonly port: number;
  /** JSON `{ username, userId, password }` of the app's RBAC user. */
  readonly appUserSecret: secretsmanager.ISecret;
  readonly replicationGroupId: string;
}

/**
 * Stateful: the environment's data (CL-DB-1..2, CL-RED-1..2, CL-SEC-4): RDS PostgreSQL behind RDS Proxy, the
 * database credentials and their rotation, ElastiCache, and AWS Backup with an off-region copy.
 *
 * Consumers connect to the PROXY (port `proxyPort`) and the cache, adding ingress on `proxySecurityGroup` /
 * `cache.securityGroup` from their own security group in their own stack. Only the proxy, the rotation and
 * bootstrap functions (and the restore drill's own instance) reach `databaseSecurityGroup`.
 */
export class DataStack extends PlatformStack {
  readonly database: PostgresInstance;
  readonly databaseSecurityGroup: ec2.SecurityGroup;
  readonly databaseParameterGroup: rds.ParameterGroup;
  /** Name of that parameter group (rds.force_ssl=1 ...): the restore drill's temporary instance uses it. */
  readonly databaseParameterGroupName: string;
  /** Name of the database's DB subnet group (isolated subnets). */
  readonly databaseSubnetGroup: string;
  readonly databaseName: string;
  /** Port of the instance (config `database.port`). */
  readonly databasePort: number;
  readonly proxy: rds.DatabaseProxy;
  /**
   * The proxy's resource id (`prx-...`) for OTHER stacks, read from this stack's output: their rds-db:connect ARNs
   * are built from it (grantProxyConnect) rather than by splitting a cross-stack reference to the proxy's ARN.
   */
  readonly proxyResourceId: string;
  private readonly localProxyResourceId: string;
  readonly proxySecurityGroup: ec2.SecurityGroup;
  /** Port the proxy listens on: always PostgreSQL's default, 5432. */
  readonly proxyPort: number = PROXY_PORT;
  /** Master credentials: for the restore drill and break-glass only, never for the app. */
  readonly masterSecret: secretsmanager.ISecret;
  readonly users: DatabaseUserSecrets;
  readonly cache: CacheEndpoint;
  readonly backupVault: backup.IBackupVault;
  readonly backupPlan: backup.BackupPlan;
  /** EventBridge pattern of failed backup/copy jobs, for the observability alarm. */
  readonly backupFailureEventPattern: events.EventPattern;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, { config: props.config, stateful: true, description: 'Platform data tier: PostgreSQL, RDS Proxy, ElastiCache, AWS Backup' });
    const { config, vpc } = props;
    const keys = importPlatformKeys(this, props.keys);

    const postgres = new PostgresDatabase(this, 'Postgres', { config, vpc, keys });
    this.database = postgres.instance;
    this.databaseSecurityGroup = postgres.securityGroup;
    this.databaseParameterGroup = postgres.parameterGroup;
    this.databaseParameterGroupName = postgres.parameterGroup.bindToInstance({}).parameterGroupName;
    this.databaseSubnetGroup = postgres.subnetGroup.subnetGroupName;
    this.databaseName = postgres.databaseName;
    this.databasePort = postgres.port;
    this.masterSecret = postgres.masterSecret;

    const users = new DatabaseUsers(this, 'DatabaseUsers', {
      config,
      vpc,
      instance: postgres.instance,
      databaseSecurityGroup: postgres.securityGroup,
      masterSecret: postgres.masterSecret,
      secretsKey: keys.secrets,
      logsKey: keys.logs,
    });
    this.users = users.secrets;

    const proxy = new DatabaseProxy(this, 'Proxy', {
      config,
      vpc,
      instance: postgres.instance,
      secrets: [users.secrets.app, users.secrets.sessionCleanup, users.secrets.migrator],
    });
    this.proxy = proxy.proxy;
    this.localProxyResourceId = proxy.resourceId;
    this.proxyResourceId = Fn.getStackOutput(this.stackName, PROXY_RESOURCE_ID_OUTPUT);
    this.proxySecurityGroup = proxy.securityGroup;
    // CDK's proxy adds the database's ingress from the proxy's security group on the instance's port, a token.
    for (const ingress of postgres.securityGroup.node.children.filter((c) => c.node.id.startsWith('from ') && c.node.id.includes('ProxySecurityGroup'))) {
      for (const rule of ['EC2RestrictedCommonPorts', 'EC2RestrictedSSH']) {
        acknowledgeInPacks(
          ingress,
          rule,
          'CL-NET-1',
          `The source is the RDS Proxy's security group, not an address range, and the port is the database's own (${config.database.port}), resolved only at deploy time, which the rule cannot read; no port is open to any CIDR.`,
        );
      }
    }

    const cache = new Cache(this, 'Cache', { config, vpc, keys });
    this.cache = {
      securityGroup: cache.securityGroup,
      primaryEndpoint: cache.primaryEndpoint,
      readerEndpoint: cache.readerEndpoint,
      port: cache.port,
      appUserSecret: cache.appUserSecret,
      replicationGroupId: cache.replicationGroupId,
    };

    const dbBackup = new DatabaseBackup(this, 'Backup', { config, instance: postgres.instance, encryptionKey: keys.data });
    this.backupVault = dbBackup.vault;
    this.backupPlan = dbBackup.plan;
    this.backupFailureEventPattern = dbBackup.failureEventPattern;
  }

  /**
   * Lets `grantee` (in any stack) connect through the proxy as `user` with an IAM token and read that user's
   * secret, whose `username` it must use: alternating-users rotation flips it between `<role>` and
   * `<role>_clone`, so both may connect. Network access is separate: add ingress on `proxySecurityGroup`.
   */
  grantConnect(grantee: iam.IGrantable & IConstruct, user: keyof DatabaseUserSecrets): void {
    const role = DATABASE_ROLES[user];
    const names = DATABASE_ROTATION_SCHEME[user] === 'multi-user' ? [role, `${role}_clone`] : [role];
    const consumer = Stack.of(grantee);
    if (consumer !== this) consumer.addStackDependency(this);
    const resourceId = consumer === this ? this.localProxyResourceId : this.proxyResourceId;
    for (const name of names) grantProxyConnect(grantee, resourceId, name);
    this.users[user].grantRead(grantee);
  }
}
