import { Duration, aws_backup as backup, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../config';
import { backupCopyVaultName } from '../constructs/backup';
import { LockedBackupVault } from '../constructs/locked-backup-vault';
import { PlatformStack } from '../platform-stack';
import { statefulRemovalPolicy } from '../removal';

export interface BackupCopyStackProps {
  readonly config: EnvironmentConfig;
}

/**
 * Stateful, deployed to `backup.copyRegion`: the locked vault that receives the off-region copy of every
 * database recovery point (CL-DB-2), with its own key (a KMS key cannot leave its region). Builds no VPC, so it
 * needs no availability zones of that region.
 */
export class BackupCopyStack extends PlatformStack {
  readonly key: kms.Key;
  readonly vault: backup.BackupVault;

  constructor(scope: Construct, id: string, props: BackupCopyStackProps) {
    const { config } = props;
    super(scope, id, {
      config,
      stateful: true,
      env: { account: config.account, region: config.backup.copyRegion },
      description: `Platform off-region backup copy vault in ${config.backup.copyRegion} (CL-DB-2)`,
    });
    this.key = new kms.Key(this, 'Key', {
      description: `platform-${config.name}: AWS Backup copies in ${config.backup.copyRegion}`,
      alias: `alias/platform-${config.name}-backup-copy`,
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      pendingWindow: Duration.days(30),
      removalPolicy: statefulRemovalPolicy(config),
    });
    this.vault = new LockedBackupVault(this, 'Vault', {
      config,
      backupVaultName: backupCopyVaultName(config),
      encryptionKey: this.key,
    }).vault;
  }
}
