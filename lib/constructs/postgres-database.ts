import { Duration, aws_ec2 as ec2, aws_rds as rds, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { deploymentName, type EnvironmentConfig } from '../../config';
import { acknowledge } from '../compliance/acknowledge';
import { acknowledgeInPacks } from '../compliance/packs';
import { statefulRemovalPolicy } from '../removal';
import { EncryptedLogGroup } from './encrypted-log-group';
import type { PlatformKeys } from './platform-keys';

/** The platform's database instance: created empty, or (recovery environment) from a copied recovery point. */
export type PostgresInstance = rds.DatabaseInstance | rds.DatabaseInstanceFromSnapshot;

export interface PostgresDatabaseProps {
  readonly config: EnvironmentConfig;
  /** VPC with an `isolated` subnet group (lib/constructs/network.ts). */
  readonly vpc: ec2.IVpc;
  readonly keys: PlatformKeys;
}

/**
 * Length of every generated database password. CDK's DatabaseSecret generates 30 characters from ~67 symbols
 * (about 180 bits); 48 gives about 290 bits, above the 32 bytes CL-SEC-1 requires (RDS accepts up to 128).
 */
export const DATABASE_PASSWORD_LENGTH = 48;

/** Sets the generated password length of a DatabaseSecret, which its props do not expose. */
export function lengthenPassword(secret: rds.DatabaseSecret): void {
  (secret.node.defaultChild as secretsmanager.CfnSecret).addPropertyOverride('GenerateSecretString.PasswordLength', DATABASE_PASSWORD_LENGTH);
}

/** The instance's identifier, fixed so its log groups (and the off-region drill, by name) can be known up front. */
export function databaseInstanceIdentifier(config: EnvironmentConfig): string {
  return `platform-${deploymentName(config)}-postgres`;
}

/** The configured PostgreSQL engine version. */
export function postgresEngine(config: EnvironmentConfig): rds.IInstanceEngine {
  const [major] = config.database.engineVersion.split('.');
  return rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.of(config.database.engineVersion, major) });
}

/** Log types exported to CloudWatch (CL-OBS-1): server log (slow queries, DDL/DML, connections) and upgrades. */
export const POSTGRES_LOG_EXPORTS = ['postgresql', 'upgrade'] as const;

/**
 * The instance's parameter group. No setting may write statement text that can carry a password: AWS's hosted
 * rotations run `CREATE ROLE ... PASSWORD '...'` / `ALTER USER ... PASSWORD '...'` with literals, and the server log
 * is exported to CloudWatch (rule RdsNoPasswordInLogs; proven on a real server in
 * test/lib/constructs/postgres-database.password-logging.test.ts).
 */
export const POSTGRES_PARAMETERS: Readonly<Record<string, string>> = {
  // CL-TLS-3: the server refuses any connection without TLS.
  'rds.force_ssl': '1',
  // CL-DB-4: per-statement statistics and a slow-query log (>= 1 s). auto_explain, not log_min_duration_statement,
  // logs slow queries: it sees only planned statements (SELECT/INSERT/UPDATE/DELETE/MERGE), never an ALTER ROLE
  // that waited on a lock. Utility statements are not tracked by pg_stat_statements, whose view keeps their text
  // verbatim (a password included) for every pg_read_all_stats member.
  shared_preload_libraries: 'pg_stat_statements,pgaudit,auto_explain',
  'pg_stat_statements.track_utility': '0',
  'auto_explain.log_min_duration': '1000',
  log_min_duration_statement: '-1',
  // Audit trail of DDL, role and privilege changes and data changes through pgaudit, which cuts CREATE/ALTER ROLE
  // text after "password" (<REDACTED>); log_statement would log it verbatim. Bind parameters are not logged.
  log_statement: 'none',
  'pgaudit.log': 'ddl,role,write',
  'pgaudit.log_catalog': '0',
  'pgaudit.log_parameter': '0',
  // Errors are logged with their message but without the failed statement, which would carry its password.
  log_min_error_statement: 'panic',
  // Who connected when.
  log_connections: '1',
  log_disconnections: '1',
};

/**
 * RDS PostgreSQL in the isolated subnets (CL-NET-1): encrypted gp3 storage with autoscaling (CL-ENC-1), automated
 * backups for point-in-time recovery (CL-DB-1), TLS-only connections and query diagnostics through its parameter
 * group (CL-TLS-3, CL-DB-4), logs in KMS-encrypted log groups with retention (CL-OBS-1), IAM authentication, and
 * a generated master secret (rotated by DatabaseUsers) that the app never receives (CL-SEC-4).
 *
 * Its security group has no rules of its own: each client (proxy, rotation and bootstrap Lambdas, the restore
 * drill) is admitted by security group where that client is created, never by CIDR.
 */
export class PostgresDatabase extends Construct {
  readonly instance: PostgresInstance;
  readonly securityGroup: ec2.SecurityGroup;
  readonly parameterGroup: rds.ParameterGroup;
  readonly subnetGroup: rds.SubnetGroup;
  /**
   * The master credentials, attached to the instance (host, port, dbname): `masterarn` of the user secrets,
   * never granted to the app.
   */
  readonly masterSecret: secretsmanager.ISecret;
  /** Explicit so the log groups can be created, encrypted, before RDS would create them unencrypted. */
  readonly instanceIdentifier: string;
  readonly port: number;
  readonly databaseName: string;

  constructor(scope: Construct, id: string, props: PostgresDatabaseProps) {
    super(scope, id);
    const { config, vpc, keys } = props;
    const db = config.database;
    const removalPolicy = statefulRemovalPolicy(config);
    // Off on a first deploy: a protected instance makes a create rollback fail (ROLLBACK_FAILED); the next deploy
    // switches it on in place.
    const deletionProtection = db.deletionProtection && !config.firstDeploy;
    this.port = db.port;
    this.databaseName = db.databaseName;
    this.instanceIdentifier = databaseInstanceIdentifier(config);
    const engine = postgresEngine(config);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: `platform-${deploymentName(config)} PostgreSQL: clients admitted by security group only (CL-NET-1)`,
      allowAllOutbound: false,
    });

    this.subnetGroup = new rds.SubnetGroup(this, 'SubnetGroup', {
      vpc,
      vpcSubnets: { subnetGroupName: 'isolated' },
      description: `platform-${deploymentName(config)} PostgreSQL: isolated subnets, no route out (CL-NET-1)`,
      removalPolicy,
    });

    this.parameterGroup = new rds.ParameterGroup(this, 'ParameterGroup', {
      engine,
      description: `platform-${deploymentName(config)} PostgreSQL: TLS only, pg_stat_statements, slow-query and change logging`,
      parameters: { ...POSTGRES_PARAMETERS },
    });

    // RDS would create these log groups itself, unencrypted; creating them first with the logs key and a
    // retention makes RDS write into ours (CL-OBS-1, CL-ENC-1). Hence the explicit instance identifier.
    const logGroups = POSTGRES_LOG_EXPORTS.map(
      (type) =>
        new EncryptedLogGroup(this, `${type[0].toUpperCase()}${type.slice(1)}LogGroup`, {
          logGroupName: `/aws/rds/instance/${this.instanceIdentifier}/${type}`,
          encryptionKey: keys.logs,
          retentionDays: db.logRetentionDays,
          removalPolicy,
        }),
    );

    const common = {
      engine,
      instanceIdentifier: this.instanceIdentifier,
      instanceType: new ec2.InstanceType(db.instanceClass.replace(/^db\./, '')),
      vpc,
      subnetGroup: this.subnetGroup,
      securityGroups: [this.securityGroup],
      publiclyAccessible: false,
      port: db.port,
      multiAz: db.multiAz,
      storageType: rds.StorageType.GP3,
      allocatedStorage: db.allocatedStorageGiB,
      maxAllocatedStorage: db.maxAllocatedStorageGiB,
      caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
      backupRetention: Duration.days(db.backupRetentionDays),
      preferredBackupWindow: db.backupWindow,
      preferredMaintenanceWindow: db.maintenanceWindow,
      copyTagsToSnapshot: true,
      autoMinorVersionUpgrade: true,
      deletionProtection,
      removalPolicy: statefulRemovalPolicy(config, true),
      iamAuthentication: true,
      parameterGroup: this.parameterGroup,
      cloudwatchLogsExports: [...POSTGRES_LOG_EXPORTS],
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: keys.data,
      performanceInsightRetention: db.performanceInsightsRetentionDays as rds.PerformanceInsightRetention,
      monitoringInterval: Duration.seconds(db.monitoringIntervalSeconds),
    } satisfies rds.DatabaseInstanceFromSnapshotProps;
    const recoveryPoint = config.recovery ? config.disasterRecovery.recoveryPointArn : undefined;
    this.instance = recoveryPoint
      ? // The recovery environment: the database, its roles and data, from the copied recovery point. Storage
        // encryption comes with the snapshot (the copy vault's key; RDS accepts no other key on this restore),
        // and the master password is replaced by a freshly generated one at creation.
        new rds.DatabaseInstanceFromSnapshot(this, 'Instance', {
          ...common,
          snapshotIdentifier: recoveryPoint,
          credentials: rds.SnapshotCredentials.fromGeneratedSecret(db.masterUsername, { encryptionKey: keys.secrets }),
        })
      : new rds.DatabaseInstance(this, 'Instance', {
          ...common,
          databaseName: db.databaseName,
          storageEncrypted: true,
          storageEncryptionKey: keys.data,
          credentials: rds.Credentials.fromGeneratedSecret(db.masterUsername, { encryptionKey: keys.secrets }),
        });
    for (const group of logGroups) this.instance.node.addDependency(group);
    this.masterSecret = this.instance.secret!;
    // The generated secret itself (the instance's child `Secret`) would otherwise be deleted with the stack
    // while the instance is retained.
    const generated = this.instance.node.findChild('Secret') as rds.DatabaseSecret;
    generated.applyRemovalPolicy(removalPolicy);
    lengthenPassword(generated);

    if (recoveryPoint) {
      const reason =
        'Restored from a copied AWS Backup recovery point of the encrypted production database: the instance inherits the ' +
        "snapshot's encryption (the copy vault's customer-managed key); CloudFormation takes no StorageEncrypted/KmsKeyId with DBSnapshotIdentifier.";
      acknowledge(this.instance, 'AwsSolutions-RDS2', 'CL-ENC-1', reason);
      acknowledge(this.instance, 'Platform-EncryptedWithCmk', 'CL-ENC-1', reason);
      acknowledgeInPacks(this.instance, 'RDSStorageEncrypted', 'CL-ENC-1', reason);
    }
    acknowledge(
      this.instance,
      'AwsSolutions-RDS11',
      'CL-NET-1',
      'Default port 5432 on purpose: RDS Proxy, the only path for the app and jobs, always listens on 5432 whatever the instance port, so a non-default port would hide nothing; access is controlled by security groups without CIDR rules in isolated subnets.',
    );
    if (!db.multiAz) {
      const reason = `Single-AZ by configuration in ${config.name} to stay cheap; the prod floor (config/prod-floor.ts) refuses a single-AZ prod database.`;
      acknowledge(this.instance, 'AwsSolutions-RDS3', 'CL-ENV-2', reason);
      acknowledgeInPacks(this.instance, 'RDSMultiAZSupport', 'CL-ENV-2', reason);
    }
    if (!db.deletionProtection) {
      const reason = `Deletion protection off by configuration in ${config.name} (disposable environment); the prod floor refuses it off in prod.`;
      acknowledge(this.instance, 'AwsSolutions-RDS10', 'CL-ENV-2', reason);
      acknowledgeInPacks(this.instance, 'RDSInstanceDeletionProtectionEnabled', 'CL-ENV-2', reason);
    } else if (!deletionProtection) {
      const reason =
        `First deploy of ${config.name} (-c firstDeploy): deletion protection stays off so a failed create rolls back and can be ` +
        'retried, and the next deploy without the flag switches it on in place (docs/first-deploy.md).';
      acknowledge(this.instance, 'AwsSolutions-RDS10', 'CL-DEL-1', reason);
      acknowledgeInPacks(this.instance, 'RDSInstanceDeletionProtectionEnabled', 'CL-DEL-1', reason);
      if (config.name === 'prod') acknowledge(this.instance, 'Platform-RdsProdFloor', 'CL-DEL-1', reason);
    }
    const monitoringRole = this.instance.node.tryFindChild('MonitoringRole');
    if (monitoringRole) {
      acknowledge(
        monitoringRole,
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
        'CL-OBS-1',
        'Enhanced Monitoring role assumed only by monitoring.rds.amazonaws.com; the AWS-managed service-role policy is the documented one and is limited to the RDSOSMetrics log group.',
      );
    }
  }
}
