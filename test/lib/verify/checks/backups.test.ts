import { ListBackupJobsCommand, ListCopyJobsCommand } from '@aws-sdk/client-backup';
import { ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { BACKUP_WINDOW_HOURS, checkBackups } from '../../../../lib/verify/checks/backups';
import { ACCOUNT, NAMES, NOW, awsError, hoursAgo, liveEnvironment, prodInventory } from '../fixture';

const target = { account: ACCOUNT, partition: 'aws' };

describe('CL-DB-2 backups and off-region copies', () => {
  it('passes a completed backup and a completed copy into the other region, asking for the last 26 hours only', async () => {
    const { clients, mocks } = liveEnvironment();
    const results = await checkBackups(clients.backup, await prodInventory(clients), target, NOW);
    expect(results.map((r) => [r.status, r.check])).toEqual([
      ['PASS', `daily backup into ${NAMES.vault}`],
      ['PASS', `off-region copy into ${NAMES.copyVault} (eu-west-3)`],
    ]);
    expect(results[0].at).toBe(hoursAgo(0.5).toISOString());
    expect(mocks.backup.commandCalls(ListBackupJobsCommand)[0].args[0].input).toEqual({ ByBackupVaultName: NAMES.vault, ByCreatedAfter: hoursAgo(BACKUP_WINDOW_HOURS), NextToken: undefined });
    expect(mocks.backup.commandCalls(ListCopyJobsCommand)[0].args[0].input).toMatchObject({ ByDestinationVaultArn: `arn:aws:backup:eu-west-3:${ACCOUNT}:backup-vault:${NAMES.copyVault}` });
  });

  it('fails when last night\'s backup failed, listing the job states', async () => {
    const { clients, mocks } = liveEnvironment();
    mocks.backup.on(ListBackupJobsCommand).resolves({ BackupJobs: [{ BackupJobId: 'job-2', State: 'FAILED', CreationDate: hoursAgo(1) }] });
    const [backup, copy] = await checkBackups(clients.backup, await prodInventory(clients), target, NOW);
    expect(backup).toMatchObject({ status: 'FAIL', evidence: 'no completed backup job in the last 26 h (jobs: 1 FAILED)', fix: expect.stringMatching(/list-backup-jobs --by-backup-vault-name/) });
    expect(copy.status).toBe('PASS');
  });

  it('fails when no copy reached the other region, and reads every page of jobs', async () => {
    const { clients, mocks } = liveEnvironment();
    mocks.backup.on(ListCopyJobsCommand).resolvesOnce({ CopyJobs: [{ CopyJobId: 'c1', State: 'RUNNING' }], NextToken: 't' }).resolves({ CopyJobs: [{ CopyJobId: 'c2', State: 'FAILED' }] });
    const [, copy] = await checkBackups(clients.backup, await prodInventory(clients), target, NOW);
    expect(copy).toMatchObject({ status: 'FAIL', evidence: 'no completed copy job in the last 26 h (copies: 1 RUNNING, 1 FAILED)' });
  });

  it('fails when the backup-copy stack is not deployed', async () => {
    const { clients, mocks } = liveEnvironment();
    mocks.cfnCopy.on(ListStackResourcesCommand).rejects(awsError('ValidationError', 'Stack with id platform-prod-backup-copy does not exist'));
    const [, copy] = await checkBackups(clients.backup, await prodInventory(clients), target, NOW);
    expect(copy).toMatchObject({ status: 'FAIL', evidence: 'stack platform-prod-backup-copy (eu-west-3) does not exist', fix: 'deploy the backup-copy stack' });
  });
});
