import { Duration, aws_backup as backup, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../config';
import { statefulRemovalPolicy } from '../removal';

export interface LockedBackupVaultProps {
  readonly config: EnvironmentConfig;
  /** Fixed name: the copy vault's ARN is computed from it in the source region. */
  readonly backupVaultName: string;
  readonly encryptionKey: kms.IKey;
}

/**
 * An AWS Backup vault encrypted with a customer-managed key (CL-ENC-1) under Vault Lock (CL-DB-2): recovery
 * points cannot be deleted before `vaultLock.minRetentionDays` nor kept beyond `maxRetentionDays`. Governance
 * mode has no `changeableFor` (privileged principals may lift the lock); compliance mode becomes immutable
 * after `changeableForDays`.
 */
export class LockedBackupVault extends Construct {
  readonly vault: backup.BackupVault;

  constructor(scope: Construct, id: string, props: LockedBackupVaultProps) {
    super(scope, id);
    const lock = props.config.backup.vaultLock;
    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: props.backupVaultName,
      encryptionKey: props.encryptionKey,
      lockConfiguration: {
        minRetention: Duration.days(lock.minRetentionDays),
        maxRetention: Duration.days(lock.maxRetentionDays),
        changeableFor: lock.mode === 'compliance' ? Duration.days(lock.changeableForDays) : undefined,
      },
      removalPolicy: statefulRemovalPolicy(props.config),
    });
  }
}
