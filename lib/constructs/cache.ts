import { ArnFormat, Duration, Stack, aws_ec2 as ec2, aws_elasticache as elasticache, aws_iam as iam, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { deploymentName, type EnvironmentConfig } from '../../config';
import { acknowledge } from '../compliance/acknowledge';
import { acknowledgeInPacks } from '../compliance/packs';
import { statefulRemovalPolicy } from '../removal';
import { EncryptedLogGroup } from './encrypted-log-group';
import { PlatformFunction, ROTATION_NO_DLQ_REASON } from './platform-function';
import type { PlatformKeys } from './platform-keys';

export interface CacheProps {
  readonly config: EnvironmentConfig;
  readonly vpc: ec2.IVpc;
  readonly keys: PlatformKeys;
}

/** The app user's access: every key and command except the dangerous ones (FLUSHALL, CONFIG, KEYS, DEBUG...; CL-RED-1). */
export const CACHE_APP_ACCESS_STRING = 'on ~* +@all -@dangerous';
/** The mandatory `default` user, switched off: nobody can authenticate as it, whatever password they try. */
export const CACHE_DEFAULT_ACCESS_STRING = 'off -@all';
/** The app user's name inside the cache (the `username` of its secret). */
export const CACHE_APP_USERNAME = 'app';

/**
 * ElastiCache (Redis OSS or Valkey) replication group in the isolated subnets (CL-NET-1): encrypted at rest with
 * the data key (CL-ENC-1) and in transit with TLS required (CL-TLS-4), automatic failover and Multi-AZ when it has
 * replicas (CL-RED-2), daily snapshots, engine and slow logs in encrypted log groups (CL-OBS-1), and RBAC
 * authentication (CL-RED-1): a user group of a disabled `default` user and the app user, whose generated password
 * lives in Secrets Manager and is rotated by lambdas/redis-rotation (CL-SEC-2), which keeps the previous password
 * valid on the user for one period.
 */
export class Cache extends Construct {
  readonly replicationGroup: elasticache.CfnReplicationGroup;
  readonly securityGroup: ec2.SecurityGroup;
  readonly subnetGroup: elasticache.CfnSubnetGroup;
  readonly userGroup: elasticache.CfnUserGroup;
  readonly defaultUser: elasticache.CfnUser;
  readonly appUser: elasticache.CfnUser;
  /** JSON `{ username, userId, password }` of the app user. */
  readonly appUserSecret: secretsmanager.Secret;
  readonly rotationFunction: PlatformFunction;
  readonly rotation: secretsmanager.RotationSchedule;
  readonly appUserId: string;
  readonly replicationGroupId: string;
  readonly port: number;
  readonly primaryEndpoint: string;
  readonly readerEndpoint: string;

  constructor(scope: Construct, id: string, props: CacheProps) {
    super(scope, id);
    const { config, vpc, keys } = props;
    const cache = config.cache;
    const prefix = `platform-${deploymentName(config)}`;
    const removalPolicy = statefulRemovalPolicy(config);
    const replicated = cache.replicas >= 1;
    this.port = cache.port;
    this.replicationGroupId = `${prefix}-cache`;
    this.appUserId = `${prefix}-cache-app`;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: `${prefix} cache: clients admitted by security group only (CL-NET-1)`,
      allowAllOutbound: false,
    });

    this.subnetGroup = new elasticache.CfnSubnetGroup(this, 'SubnetGroup', {
      cacheSubnetGroupName: `${prefix}-cache`,
      description: `${prefix} cache: isolated subnets, no route out (CL-NET-1)`,
      subnetIds: vpc.selectSubnets({ subnetGroupName: 'isolated' }).subnetIds,
    });

    this.appUserSecret = new secretsmanager.Secret(this, 'AppUserSecret', {
      description: `${prefix} cache RBAC user "${CACHE_APP_USERNAME}"`,
      encryptionKey: keys.secrets,
      removalPolicy,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: CACHE_APP_USERNAME, userId: this.appUserId }),
        generateStringKey: 'password',
        // 64 letters and digits (~380 bits): none of the characters ElastiCache refuses (, " / @ and space),
        // and nothing that needs escaping in a rediss:// URL.
        passwordLength: 64,
        excludePunctuation: true,
      },
    });

    // Users and the user group use engine "redis" for both engines, as ElastiCache RBAC documents for Valkey.
    this.defaultUser = new elasticache.CfnUser(this, 'DefaultUser', {
      engine: 'redis',
      userId: `${prefix}-cache-default-off`,
      userName: 'default',
      // `off`: the user cannot authenticate at all, so it needs no password (and no secret to rotate).
      accessString: CACHE_DEFAULT_ACCESS_STRING,
      noPasswordRequired: true,
    });
    this.appUser = new elasticache.CfnUser(this, 'AppUser', {
      engine: 'redis',
      userId: this.appUserId,
      userName: CACHE_APP_USERNAME,
      accessString: CACHE_APP_ACCESS_STRING,
      // A {{resolve:secretsmanager:...}} dynamic reference: CloudFormation resolves it at deploy, the template
      // never holds the value (CL-SEC-1).
      passwords: [this.appUserSecret.secretValueFromJson('password').unsafeUnwrap()],
    });
    this.userGroup = new elasticache.CfnUserGroup(this, 'UserGroup', {
      engine: 'redis',
      userGroupId: `${prefix}-cache`,
      userIds: [this.defaultUser.ref, this.appUser.ref],
    });

    const slowLog = new EncryptedLogGroup(this, 'SlowLogGroup', {
      encryptionKey: keys.logs,
      retentionDays: cache.logRetentionDays,
      removalPolicy,
    });
    const engineLog = new EncryptedLogGroup(this, 'EngineLogGroup', {
      encryptionKey: keys.logs,
      retentionDays: cache.logRetentionDays,
      removalPolicy,
    });
    const delivery = (logType: string, group: EncryptedLogGroup) => ({
      logType,
      logFormat: 'json',
      destinationType: 'cloudwatch-logs',
      destinationDetails: { cloudWatchLogsDetails: { logGroup: group.logGroupName } },
    });

    this.replicationGroup = new elasticache.CfnReplicationGroup(this, 'ReplicationGroup', {
      replicationGroupId: this.replicationGroupId,
      replicationGroupDescription: `${prefix} sessions and cache`,
      engine: cache.engine,
      engineVersion: cache.engineVersion,
      cacheNodeType: cache.nodeType,
      numCacheClusters: 1 + cache.replicas,
      automaticFailoverEnabled: replicated,
      multiAzEnabled: replicated,
      port: cache.port,
      cacheSubnetGroupName: this.subnetGroup.ref,
      securityGroupIds: [this.securityGroup.securityGroupId],
      atRestEncryptionEnabled: true,
      kmsKeyId: keys.data.keyArn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      userGroupIds: [this.userGroup.ref],
      snapshotRetentionLimit: cache.snapshotRetentionDays,
      snapshotWindow: cache.snapshotWindow,
      preferredMaintenanceWindow: cache.maintenanceWindow,
      autoMinorVersionUpgrade: true,
      logDeliveryConfigurations: [delivery('slow-log', slowLog), delivery('engine-log', engineLog)],
    });
    this.replicationGroup.applyRemovalPolicy(statefulRemovalPolicy(config, true));
    this.primaryEndpoint = this.replicationGroup.attrPrimaryEndPointAddress;
    this.readerEndpoint = this.replicationGroup.attrReaderEndPointAddress;

    // The rotation function calls the Secrets Manager and ElastiCache APIs over HTTPS, and its testSecret AUTHs
    // with the pending password on the cache port: ElastiCache can report a password change it has not applied.
    const rotationSecurityGroup = new ec2.SecurityGroup(this, 'RotationSecurityGroup', {
      vpc,
      description: `${prefix} cache password rotation: HTTPS to AWS APIs, the cache port to the cache`,
      allowAllOutbound: false,
    });
    rotationSecurityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'Secrets Manager, KMS and ElastiCache APIs');
    rotationSecurityGroup.connections.allowTo(this.securityGroup, ec2.Port.tcp(cache.port), 'testSecret: AUTH with the pending password');
    this.rotationFunction = new PlatformFunction(this, 'RotationFunction', {
      lambdaName: 'redis-rotation',
      description: `${prefix}: rotates the cache app user's password (CL-SEC-2)`,
      logsKey: keys.logs,
      logRetentionDays: cache.logRetentionDays,
      vpc,
      securityGroup: rotationSecurityGroup,
      // setSecret waits twice for the user to become active (2 x 30 x 2 s with the defaults).
      timeout: Duration.minutes(5),
      environment: { PASSWORD_LENGTH: '64', REDIS_ENDPOINT: this.primaryEndpoint, REDIS_PORT: String(cache.port) },
      noDeadLetterQueueReason: ROTATION_NO_DLQ_REASON,
      resourceWildcardReason:
        'secretsmanager:GetRandomPassword, added by CDK for the rotation function, has no resource to scope to (it reads nothing); every other action is scoped to the one secret, key or ElastiCache user.',
    });
    this.rotationFunction.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['elasticache:DescribeUsers', 'elasticache:ModifyUser'],
        resources: [this.appUserArn],
      }),
    );
    this.rotation = this.appUserSecret.addRotationSchedule('Rotation', {
      rotationLambda: this.rotationFunction,
      automaticallyAfter: Duration.days(cache.passwordRotationDays),
    });
    // The first rotation (on deploy) modifies the user, which must exist and be in its group, and its testSecret
    // AUTHenticates against the replication group, which must be available.
    this.rotation.node.addDependency(this.userGroup, this.replicationGroup);
    acknowledgeInPacks(
      this.replicationGroup,
      'ElastiCacheRedisClusterAutomaticBackup',
      'CL-RED-2',
      `Snapshots are kept ${cache.snapshotRetentionDays} day(s) here (config cache.snapshotRetentionDays; the prod floor requires 7), not the 15 the rule asks: the cache holds only sessions, which expire within days, so older snapshots hold nothing worth restoring while keeping session tokens longer; the system of record, PostgreSQL, is backed up daily to a locked vault (CL-DB-2).`,
    );
    acknowledge(
      this.replicationGroup,
      'AwsSolutions-AEC6',
      'CL-RED-1',
      'Authentication is by RBAC (user group with the default user disabled and a generated, rotated app-user password), which supersedes the single shared AUTH token this rule looks for.',
    );
    if (!replicated) {
      acknowledge(
        this.replicationGroup,
        'AwsSolutions-AEC4',
        'CL-RED-2',
        `No replica in ${config.name} by configuration to stay cheap, hence no Multi-AZ; the prod floor (config/prod-floor.ts) requires at least one replica in prod.`,
      );
    }
  }

  /** ARN of the app user (for the rotation function's IAM policy). */
  get appUserArn(): string {
    return Stack.of(this).formatArn({ service: 'elasticache', resource: 'user', resourceName: this.appUserId, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  }
}
