import { Duration, aws_backup as backup, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { deploymentName, type EnvironmentConfig } from '../../config';
import { secretsReplicaKeyAlias } from '../constructs/app-secrets';
import { backupCopyVaultName } from '../constructs/backup';
import { allowLogsAndAlarmPublishers, allowUseThroughSecretsManager } from '../constructs/encryption-keys';
import { LockedBackupVault } from '../constructs/locked-backup-vault';
import { PlatformStack } from '../platform-stack';
import { statefulRemovalPolicy } from '../removal';

export interface BackupCopyStackProps {
  readonly config: EnvironmentConfig;
}

/** The copy region's keys for disaster recovery (`disasterRecovery.enabled`). */
export interface CopyRegionKeys {
  /** Encrypts the signing secrets' replicas (by alias, `secretsReplicaKeyAlias`) and the drill instances' master secrets. */
  readonly secrets: kms.Key;
  /** Encrypts the drill's log groups and its alarm topics. */
  readonly logs: kms.Key;
}

/**
 * Stateful, deployed to `backup.copyRegion`: the locked vault that receives the off-region copy of every
 * database recovery point (CL-DB-2), with its own key (a KMS key cannot leave its region). With disaster recovery
 * on, also the copy region's secrets and logs keys (`drKeys`). Builds no VPC, so it needs no availability zones
 * of that region.
 */
export class BackupCopyStack extends PlatformStack {
  readonly key: kms.Key;
  readonly vault: backup.BackupVault;
  readonly drKeys?: CopyRegionKeys;

  constructor(scope: Construct, id: string, props: BackupCopyStackProps) {
    const { config } = props;
    super(scope, id, {
      config,
      stateful: true,
      env: { account: config.account, region: config.backup.copyRegion },
      description: `Platform off-region backup copy vault in ${config.backup.copyRegion} (CL-DB-2)`,
    });
    const key = (keyId: string, description: string, alias?: string) =>
      new kms.Key(this, keyId, {
        description: `platform-${deploymentName(config)}: ${description}`,
        alias,
        enableKeyRotation: true,
        rotationPeriod: Duration.days(365),
        pendingWindow: Duration.days(30),
        removalPolicy: statefulRemovalPolicy(config),
      });
    this.key = key('Key', `AWS Backup copies in ${config.backup.copyRegion}`, `alias/platform-${deploymentName(config)}-backup-copy`);
    this.vault = new LockedBackupVault(this, 'Vault', {
      config,
      backupVaultName: backupCopyVaultName(config),
      encryptionKey: this.key,
    }).vault;

    if (config.disasterRecovery.enabled) {
      const secrets = key('SecretsReplicaKey', `signing-secret replicas and drill secrets in ${config.backup.copyRegion}`, secretsReplicaKeyAlias(config));
      allowUseThroughSecretsManager(secrets);
      const logs = key('LogsKey', `disaster-recovery drill logs and alarm topics in ${config.backup.copyRegion}`);
      allowLogsAndAlarmPublishers(logs);
      this.drKeys = { secrets, logs };
    }
  }
}
