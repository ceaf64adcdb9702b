import { Duration, aws_backup as backup, aws_cloudwatch as cw, aws_kms as kms, aws_rds as rds } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { deploymentName, type EnvironmentConfig } from '../../config';
import type { Severity } from '../../config/sections/observability';
import { AlarmTopics } from '../constructs/alarm-topics';
import { Network } from '../constructs/network';
import { POSTGRES_PARAMETERS, databaseInstanceIdentifier, postgresEngine } from '../constructs/postgres-database';
import { RestoreDrill } from '../constructs/restore-drill';
import { PlatformStack } from '../platform-stack';
import type { CopyRegionKeys } from './backup-copy-stack';

export interface DisasterRecoveryStackProps {
  readonly config: EnvironmentConfig;
  /** The vault receiving the copied recovery points (BackupCopyStack). */
  readonly copyVault: backup.IBackupVault;
  /** The copy vault's key: copies, and so the drill's restores, are encrypted with it. */
  readonly copyKey: kms.IKey;
  /** The copy region's secrets and logs keys (BackupCopyStack). */
  readonly keys: CopyRegionKeys;
}

const { GREATER_THAN_OR_EQUAL_TO_THRESHOLD: AT_LEAST, GREATER_THAN_THRESHOLD: ABOVE, LESS_THAN_THRESHOLD: BELOW } = cw.ComparisonOperator;

/**
 * Stateless, deployed to `backup.copyRegion` with `disasterRecovery.enabled`: the drill that proves the off-region
 * copies restore (CL-DB-3, docs/disaster-recovery.md). On `disasterRecovery.drill.schedule` (quarterly) it restores
 * the newest copied recovery point into a throw-away instance in its own small VPC, verifies it like the monthly
 * drill, publishes RestoreDurationSeconds (RTO) and DataAgeSeconds (RPO) and always deletes the instance. Its alarms
 * go to this region's own topics (an alarm can only notify a topic of its region).
 */
export class DisasterRecoveryStack extends PlatformStack {
  readonly drill: RestoreDrill;
  readonly topics: AlarmTopics;
  readonly alarms: Readonly<Record<'failed' | 'notVerified' | 'rto' | 'rpo' | 'notStarted', cw.Alarm>>;

  constructor(scope: Construct, id: string, props: DisasterRecoveryStackProps) {
    const { config, keys } = props;
    const dr = config.disasterRecovery;
    super(scope, id, {
      config,
      stateful: false,
      env: { account: config.account, region: config.backup.copyRegion },
      description: `Platform disaster-recovery drill in ${config.backup.copyRegion}: restores the copied backups (CL-DB-3)`,
    });
    const name = `platform-${deploymentName(config)}-dr`;

    // Only the drill runs here: one NAT instance lets the verify Lambda reach the RDS and Secrets Manager APIs,
    // which is cheaper than a gateway or interface endpoints for a few hours a quarter.
    const network = new Network(this, 'Network', {
      config: {
        ...config,
        network: {
          ...config.network,
          cidr: dr.cidr,
          availabilityZones: dr.availabilityZones!,
          natGateways: 1,
          natInstance: { instanceType: 't4g.nano' },
          endpoints: { s3: true, secretsManager: false, ecrApi: false, ecrDocker: false, cloudWatchLogs: false, kms: false },
        },
      },
      logsKey: keys.logs,
    });
    const subnetGroup = new rds.SubnetGroup(this, 'DrillSubnetGroup', {
      vpc: network.vpc,
      vpcSubnets: { subnetGroupName: 'isolated' },
      description: `${name}: drill instances in isolated subnets, no route out (CL-NET-1)`,
    });
    // The production parameters (rds.force_ssl=1 above all), as the restored copy would run in recovery.
    const parameterGroup = new rds.ParameterGroup(this, 'DrillParameterGroup', {
      engine: postgresEngine(config),
      description: `${name}: the production PostgreSQL parameters for drill instances`,
      parameters: { ...POSTGRES_PARAMETERS },
    });

    this.drill = new RestoreDrill(this, 'Drill', {
      config: dr.drill,
      logRetentionDays: config.observability.logRetentionDays,
      environmentName: deploymentName(config),
      instancePrefix: name,
      copyVault: props.copyVault,
      vpc: network.vpc,
      logsKey: keys.logs,
      dataKey: props.copyKey,
      secretsKey: keys.secrets,
      sourceInstanceIdentifier: databaseInstanceIdentifier(config),
      databaseName: config.database.databaseName,
      port: config.database.port,
      subnetGroupName: subnetGroup.subnetGroupName,
      parameterGroupName: parameterGroup.bindToInstance({}).parameterGroupName,
    });

    this.topics = new AlarmTopics(this, 'AlarmTopics', { environmentName: `${deploymentName(config)}-dr`, key: keys.logs, emails: config.observability.alarmEmails });
    const metric = (metricName: string, statistic: string) =>
      new cw.Metric({ namespace: dr.drill.metricsNamespace, metricName, dimensionsMap: { Environment: deploymentName(config) }, period: Duration.days(1), statistic });
    const alarm = (alarmId: string, severity: Severity, description: string, metricValue: cw.IMetric, comparison: cw.ComparisonOperator, threshold: number) => {
      const created = new cw.Alarm(this, alarmId, {
        alarmName: `${name}-${alarmId.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}`,
        alarmDescription: `[${severity.toUpperCase()}] ${description} Runbook: docs/disaster-recovery.md`,
        metric: metricValue,
        threshold,
        comparisonOperator: comparison,
        evaluationPeriods: 1,
        treatMissingData: cw.TreatMissingData.NOT_BREACHING,
      });
      this.topics.wire(created, severity);
      return created;
    };
    // A failed off-region restore means the environment has no proven regional recovery: that pages (at most
    // once a quarter); a slow or stale one informs.
    this.alarms = {
      failed: alarm('DrillFailed', 'critical', 'The off-region restore drill failed: the copied backups may not restore.', this.drill.stateMachine.metricFailed({ period: Duration.days(1), statistic: 'Sum' }), AT_LEAST, 1),
      notVerified: alarm('DrillNotVerified', 'critical', 'The off-region restore drill could not verify the restored data (DrillSucceeded = 0).', metric('DrillSucceeded', 'Minimum'), BELOW, 1),
      rto: alarm('RtoSeconds', 'warning', `Restoring the newest off-region copy took longer than ${dr.alarms.rtoSeconds} s (disasterRecovery.alarms.rtoSeconds, RTO).`, metric('RestoreDurationSeconds', 'Maximum'), ABOVE, dr.alarms.rtoSeconds),
      rpo: alarm('RpoSeconds', 'warning', `The newest off-region copy was older than ${dr.alarms.rpoSeconds} s when the drill ran (disasterRecovery.alarms.rpoSeconds, RPO).`, metric('DataAgeSeconds', 'Maximum'), ABOVE, dr.alarms.rpoSeconds),
      notStarted: alarm('ScheduleDeadLetters', 'warning', 'EventBridge could not start the off-region restore drill: the start is in the schedule\'s dead-letter queue.', this.drill.deadLetterQueue.metricDeadLetters(), AT_LEAST, 1),
    };
  }

  /** The copy region's configured AZs (`disasterRecovery.availabilityZones`), so nothing is looked up. */
  override get availabilityZones(): string[] {
    return this.config.disasterRecovery.availabilityZones!;
  }
}
