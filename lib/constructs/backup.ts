import { ArnFormat, Duration, Stack, aws_backup as backup, aws_events as events, aws_iam as iam, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { deploymentName, type EnvironmentConfig } from '../../config';
import { acknowledge } from '../compliance/acknowledge';
import { LockedBackupVault } from './locked-backup-vault';
import type { PostgresInstance } from './postgres-database';

export interface DatabaseBackupProps {
  readonly config: EnvironmentConfig;
  readonly instance: PostgresInstance;
  /** Encrypts the vault (the environment's `data` key). */
  readonly encryptionKey: kms.IKey;
}

/** Name of the environment's source vault. */
export function backupVaultName(config: EnvironmentConfig): string {
  return `platform-${deploymentName(config)}-backup`;
}

/** Fixed name of the copy-region vault (BackupCopyStack), so the source plan computes its ARN without a cross-region reference. */
export function backupCopyVaultName(config: EnvironmentConfig): string {
  return `platform-${config.name}-backup-copy`;
}

/**
 * The vault in `backup.copyRegion` the plan copies to: the environment's copy vault; for a recovery environment
 * (whose copy region is the environment's home region) the environment's own vault there, so the recovered
 * database's backups are already home when the region is back (docs/disaster-recovery.md, the way back).
 */
export function copyDestinationVaultName(config: EnvironmentConfig): string {
  return config.recovery ? `platform-${config.name}-backup` : backupCopyVaultName(config);
}

/**
 * AWS Backup for the database (CL-DB-2): a locked, KMS-encrypted vault; a plan with a daily rule and optional
 * weekly and monthly tiers, every recovery point copied to the locked vault in `backup.copyRegion` with the
 * same retention; the database instance selected.
 *
 * Failed jobs are observable through EventBridge: `failureEventPattern` matches failed, aborted or expired
 * backup and copy jobs in the environment's account and region (the observability stack turns it into an alarm).
 */
export class DatabaseBackup extends Construct {
  readonly vault: backup.BackupVault;
  readonly plan: backup.BackupPlan;
  readonly selection: backup.BackupSelection;
  /** ARN of the copy-region vault, computed from its fixed name. */
  readonly copyVaultArn: string;
  /** EventBridge pattern of failed backup and copy jobs (this plan is the account's only one in the region). */
  readonly failureEventPattern: events.EventPattern;

  constructor(scope: Construct, id: string, props: DatabaseBackupProps) {
    super(scope, id);
    const { config } = props;
    const b = config.backup;
    const stack = Stack.of(this);

    const name = backupVaultName(config);
    this.vault = new LockedBackupVault(this, 'Vault', { config, backupVaultName: name, encryptionKey: props.encryptionKey }).vault;

    this.copyVaultArn = stack.formatArn({
      service: 'backup',
      region: b.copyRegion,
      resource: 'backup-vault',
      resourceName: copyDestinationVaultName(config),
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const copyVault = backup.BackupVault.fromBackupVaultArn(this, 'CopyVault', this.copyVaultArn);

    this.plan = new backup.BackupPlan(this, 'Plan', { backupPlanName: `platform-${deploymentName(config)}-database`, backupVault: this.vault });
    const hour = String(b.startHourUtc);
    const tiers: [string, number, events.CronOptions][] = [
      ['Daily', b.dailyRetentionDays, { minute: '0', hour }],
      ['Weekly', b.weeklyRetentionDays, { minute: '0', hour, weekDay: 'SUN' }],
      ['Monthly', b.monthlyRetentionDays, { minute: '0', hour, day: '1' }],
    ];
    for (const [ruleName, days, cron] of tiers) {
      if (days === 0) continue;
      const deleteAfter = Duration.days(days);
      this.plan.addRule(
        new backup.BackupPlanRule({
          ruleName,
          scheduleExpression: events.Schedule.cron(cron),
          startWindow: Duration.hours(1),
          completionWindow: Duration.hours(8),
          deleteAfter,
          copyActions: [{ destinationBackupVault: copyVault, deleteAfter }],
        }),
      );
    }

    this.selection = this.plan.addSelection('Database', {
      backupSelectionName: `platform-${deploymentName(config)}-database`,
      resources: [backup.BackupResource.fromRdsDatabaseInstance(props.instance)],
      allowRestores: false,
    });
    const role = this.selection.node.tryFindChild('Role') as iam.Role | undefined;
    if (role) {
      acknowledge(
        role,
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
        'CL-DB-2',
        'Role assumed only by backup.amazonaws.com for this plan; AWSBackupServiceRolePolicyForBackup is the AWS-maintained policy AWS Backup documents for RDS backups and cross-region copies.',
      );
    }

    this.failureEventPattern = {
      source: ['aws.backup'],
      detailType: ['Backup Job State Change', 'Copy Job State Change'],
      detail: { state: ['FAILED', 'ABORTED', 'EXPIRED'] },
    };
  }
}
