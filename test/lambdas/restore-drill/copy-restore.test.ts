// The off-region drill's first task (docs/disaster-recovery.md): find the newest copied recovery point of the
// source in the copy vault, restore it into a throw-away instance, and carry the copy's data time along as the RPO.
import { BackupClient, ListRecoveryPointsByBackupVaultCommand, RecoveryPointByBackupVault, ResourceNotFoundException } from '@aws-sdk/client-backup';
import { RDSClient, RestoreDBInstanceFromDBSnapshotCommand, DBSnapshotNotFoundFault } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { copyRestoreConfig, CopyRestoreConfig, DrillConfigError } from '../../../lambdas/restore-drill/config';
import { startCopyRestore } from '../../../lambdas/restore-drill/drill';
import { DrillInputError } from '../../../lambdas/restore-drill/input';
import { report } from '../../../lambdas/restore-drill/metrics';
import { newestRecoveryPoint, NoRecoveryPoint } from '../../../lambdas/restore-drill/recovery-point';
import { handler } from '../../../lambdas/restore-drill/start-copy-restore';
import { THROW_AWAY_INSTANCE } from './fixtures';

const backupMock = mockClient(BackupClient);
const rdsMock = mockClient(RDSClient);
const clients = { rds: new RDSClient({ region: 'eu-west-3' }), backup: new BackupClient({ region: 'eu-west-3' }) };
beforeEach(() => {
  backupMock.reset();
  rdsMock.reset();
});

const SOURCE = 'platform-prod-postgres';
const VAULT = 'platform-prod-backup-copy';
const PREFIX = 'platform-prod-dr';
const config: CopyRestoreConfig = {
  prefix: PREFIX,
  vaultName: VAULT,
  dbSubnetGroupName: 'platform-prod-dr-isolated',
  securityGroupIds: ['sg-0123456789abcdef0'],
  instanceClass: 'db.t4g.medium',
  parameterGroupName: 'platform-prod-dr-postgres',
};
const NOW = new Date('2026-11-30T04:00:30Z');

function point(id: string, created: string, overrides: Partial<RecoveryPointByBackupVault> = {}): RecoveryPointByBackupVault {
  return {
    RecoveryPointArn: `arn:aws:rds:eu-west-3:111122223333:snapshot:awsbackup:copyjob-${id}`,
    ResourceArn: `arn:aws:rds:eu-west-1:111122223333:db:${SOURCE}`,
    ResourceType: 'RDS',
    Status: 'COMPLETED',
    CreationDate: new Date(created),
    ...overrides,
  };
}

describe('newestRecoveryPoint', () => {
  it('takes the newest completed RDS point of the source over every page, dated by its earliest known time', async () => {
    backupMock
      .on(ListRecoveryPointsByBackupVaultCommand, { BackupVaultName: VAULT, NextToken: undefined })
      .resolves({ RecoveryPoints: [point('a', '2026-11-28T06:10:00Z'), point('partial', '2026-11-30T06:00:00Z', { Status: 'PARTIAL' })], NextToken: 'p2' })
      .on(ListRecoveryPointsByBackupVaultCommand, { BackupVaultName: VAULT, NextToken: 'p2' })
      .resolves({
        RecoveryPoints: [
          point('b', '2026-11-29T06:40:00Z', { InitiationDate: new Date('2026-11-29T05:00:00Z') }),
          point('other-db', '2026-11-30T03:00:00Z', { ResourceArn: 'arn:aws:rds:eu-west-1:111122223333:db:someone-else' }),
          point('ebs', '2026-11-30T03:00:00Z', { ResourceType: 'EBS' }),
        ],
      });
    await expect(newestRecoveryPoint(clients.backup, VAULT, SOURCE)).resolves.toEqual({
      arn: 'arn:aws:rds:eu-west-3:111122223333:snapshot:awsbackup:copyjob-b',
      dataTime: new Date('2026-11-29T05:00:00Z'),
      sourceInstanceIdentifier: SOURCE,
    });
    expect(backupMock.commandCalls(ListRecoveryPointsByBackupVaultCommand)).toHaveLength(2);
  });

  it('fails with NoRecoveryPoint when the vault has no usable copy of the source', async () => {
    backupMock.on(ListRecoveryPointsByBackupVaultCommand).resolves({ RecoveryPoints: [point('x', '2026-11-29T06:00:00Z', { Status: 'EXPIRED' })] });
    await expect(newestRecoveryPoint(clients.backup, VAULT, SOURCE)).rejects.toThrow(NoRecoveryPoint);
    backupMock.on(ListRecoveryPointsByBackupVaultCommand).resolves({});
    await expect(newestRecoveryPoint(clients.backup, VAULT, SOURCE)).rejects.toThrow(
      `backup vault "${VAULT}" holds no completed recovery point of "${SOURCE}"`,
    );
  });

  it('passes the Backup API errors on (a missing vault is not "no recovery point")', async () => {
    backupMock.on(ListRecoveryPointsByBackupVaultCommand).rejects(new ResourceNotFoundException({ message: 'vault not found', $metadata: {} }));
    await expect(newestRecoveryPoint(clients.backup, VAULT, SOURCE)).rejects.toThrow(ResourceNotFoundException);
  });
});

describe('startCopyRestore', () => {
  it('restores the newest copy into an isolated, tagged, unprotected drill instance and records its data time', async () => {
    backupMock.on(ListRecoveryPointsByBackupVaultCommand).resolves({ RecoveryPoints: [point('b', '2026-11-29T06:40:00Z')] });
    rdsMock.on(RestoreDBInstanceFromDBSnapshotCommand).resolves({});
    const out = await startCopyRestore(clients, config, { sourceDbInstanceIdentifier: SOURCE }, () => NOW);
    expect(out).toEqual({
      sourceDbInstanceIdentifier: SOURCE,
      targetDbInstanceIdentifier: 'platform-prod-dr-drill-202611300400',
      recoveryPointArn: 'arn:aws:rds:eu-west-3:111122223333:snapshot:awsbackup:copyjob-b',
      startedAt: NOW.toISOString(),
      latestRestorableTime: '2026-11-29T06:40:00.000Z',
    });
    expect(rdsMock.commandCalls(RestoreDBInstanceFromDBSnapshotCommand)[0].args[0].input).toEqual({
      DBSnapshotIdentifier: 'arn:aws:rds:eu-west-3:111122223333:snapshot:awsbackup:copyjob-b',
      DBInstanceIdentifier: 'platform-prod-dr-drill-202611300400',
      DBInstanceClass: 'db.t4g.medium',
      DBSubnetGroupName: 'platform-prod-dr-isolated',
      VpcSecurityGroupIds: ['sg-0123456789abcdef0'],
      DBParameterGroupName: 'platform-prod-dr-postgres',
      ...THROW_AWAY_INSTANCE,
      Tags: [
        { Key: 'platform:purpose', Value: 'restore-drill' },
        { Key: 'platform:drill-id', Value: 'platform-prod-dr-drill-202611300400' },
        { Key: 'platform:source', Value: SOURCE },
      ],
    });
    // The report turns the copy's data time into DataAgeSeconds: the RPO of a regional recovery.
    const verified = { ...out, verified: true };
    const { metrics } = report({ namespace: 'Platform/DisasterRecoveryDrill', environment: 'prod' }, verified, new Date('2026-11-30T04:30:30Z'), () => undefined);
    expect(metrics).toEqual({ RestoreDurationSeconds: 1800, DataAgeSeconds: 76_830, DrillSucceeded: 1 });
  });

  it('restores nothing when there is no copy, or the source is missing from the input', async () => {
    backupMock.on(ListRecoveryPointsByBackupVaultCommand).resolves({ RecoveryPoints: [] });
    await expect(startCopyRestore(clients, config, { sourceDbInstanceIdentifier: SOURCE }, () => NOW)).rejects.toThrow(NoRecoveryPoint);
    await expect(startCopyRestore(clients, config, {}, () => NOW)).rejects.toThrow(DrillInputError);
    expect(rdsMock.commandCalls(RestoreDBInstanceFromDBSnapshotCommand)).toHaveLength(0);
  });

  it('passes a refused restore on, so the state machine reports the failure and cleans up', async () => {
    backupMock.on(ListRecoveryPointsByBackupVaultCommand).resolves({ RecoveryPoints: [point('b', '2026-11-29T06:40:00Z')] });
    rdsMock.on(RestoreDBInstanceFromDBSnapshotCommand).rejects(new DBSnapshotNotFoundFault({ message: 'snapshot gone', $metadata: {} }));
    await expect(startCopyRestore(clients, config, { sourceDbInstanceIdentifier: SOURCE }, () => NOW)).rejects.toThrow(DBSnapshotNotFoundFault);
  });
});

describe('start-copy-restore handler', () => {
  const env = {
    DRILL_INSTANCE_PREFIX: PREFIX,
    DRILL_BACKUP_VAULT_NAME: VAULT,
    DRILL_DB_SUBNET_GROUP_NAME: config.dbSubnetGroupName,
    DRILL_SECURITY_GROUP_IDS: 'sg-0123456789abcdef0',
    DRILL_INSTANCE_CLASS: config.instanceClass,
    DRILL_PARAMETER_GROUP_NAME: config.parameterGroupName,
  };

  it('reads the vault from DRILL_BACKUP_VAULT_NAME and says how to fix its absence', () => {
    expect(copyRestoreConfig(env)).toEqual(config);
    expect(() => copyRestoreConfig({ ...env, DRILL_BACKUP_VAULT_NAME: ' ' })).toThrow(
      new DrillConfigError('environment variable DRILL_BACKUP_VAULT_NAME is not set: set it to the Backup vault that receives the copied recovery points'),
    );
  });

  it('runs the task with the environment of the function', async () => {
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    backupMock.on(ListRecoveryPointsByBackupVaultCommand).resolves({ RecoveryPoints: [point('b', '2026-11-29T06:40:00Z')] });
    rdsMock.on(RestoreDBInstanceFromDBSnapshotCommand).resolves({});
    const out = await handler({ sourceDbInstanceIdentifier: SOURCE });
    expect(out.recoveryPointArn).toBe('arn:aws:rds:eu-west-3:111122223333:snapshot:awsbackup:copyjob-b');
    expect(backupMock.commandCalls(ListRecoveryPointsByBackupVaultCommand)[0].args[0].input.BackupVaultName).toBe(VAULT);
  });
});
