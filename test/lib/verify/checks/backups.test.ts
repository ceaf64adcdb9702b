import { ListBackupJobsCommand, ListCopyJobsCommand } from '@aws-sdk/client-backup';
import { ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { BACKUP_WINDOW_HOURS, checkBackups } from '../../../../lib/verify/checks/backups';
import { environmentStacks, readInventory } from '../../../../lib/verify/inventory';
import { ACCOUNT, NAMES, NOW, awsError, createdAt, hoursAgo, liveEnvironment, prodInventory, recoveryConfig } from '../fixture';

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

  describe('a new environment (no history can exist yet)', () => {
    /** prod's stacks created `age` hours ago, with the backup and copy jobs given (none by default). */
    async function newEnvironment(age: number, jobs: { backups?: object[]; copies?: object[] } = {}) {
      const { clients, mocks, created } = liveEnvironment();
      createdAt(created, 'platform-prod', hoursAgo(age));
      mocks.backup.on(ListBackupJobsCommand).resolves({ BackupJobs: jobs.backups ?? [] });
      mocks.backup.on(ListCopyJobsCommand).resolves({ CopyJobs: jobs.copies ?? [] });
      return checkBackups(clients.backup, await prodInventory(clients), target, NOW);
    }

    it('is N/A without jobs until the first backup and copy are due, saying when', async () => {
      const [backup, copy] = await newEnvironment(2);
      const due = hoursAgo(2 - BACKUP_WINDOW_HOURS).toISOString();
      expect(backup).toMatchObject({ status: 'N/A', evidence: `stack platform-prod-data created 2 h ago; the first daily backup is due by ${due}`, at: hoursAgo(2).toISOString() });
      expect(copy).toMatchObject({ status: 'N/A', evidence: `stack platform-prod-data created 2 h ago; the first off-region copy is due by ${due}` });
    });

    it('is N/A while the first jobs are still running', async () => {
      const results = await newEnvironment(2, { backups: [{ BackupJobId: 'job-1', State: 'RUNNING' }], copies: [{ CopyJobId: 'c1', State: 'CREATED' }] });
      expect(results.map((r) => r.status)).toEqual(['N/A', 'N/A']);
    });

    it('fails a failed first backup or copy, as in any environment', async () => {
      const [backup, copy] = await newEnvironment(2, { backups: [{ BackupJobId: 'job-1', State: 'FAILED' }], copies: [{ CopyJobId: 'c1', State: 'FAILED' }] });
      expect(backup).toMatchObject({ status: 'FAIL', evidence: 'no completed backup job in the last 26 h (jobs: 1 FAILED)' });
      expect(copy).toMatchObject({ status: 'FAIL', evidence: 'no completed copy job in the last 26 h (copies: 1 FAILED)' });
    });

    it('fails once the first backup is overdue, and always in an environment with history', async () => {
      expect((await newEnvironment(BACKUP_WINDOW_HOURS + 1)).map((r) => r.status)).toEqual(['FAIL', 'FAIL']);
      const { clients, mocks } = liveEnvironment();
      mocks.backup.on(ListBackupJobsCommand).resolves({ BackupJobs: [] });
      mocks.backup.on(ListCopyJobsCommand).resolves({ CopyJobs: [] });
      const results = await checkBackups(clients.backup, await prodInventory(clients), target, NOW);
      expect(results.map((r) => [r.status, r.evidence])).toEqual([
        ['FAIL', 'no completed backup job in the last 26 h (jobs: none)'],
        ['FAIL', 'no completed copy job in the last 26 h (copies: none)'],
      ]);
    });

    it('dates the first copy from the newer of the data and backup-copy stacks', async () => {
      const { clients, mocks, created } = liveEnvironment();
      created['platform-prod-backup-copy'] = hoursAgo(3);
      mocks.backup.on(ListCopyJobsCommand).resolves({ CopyJobs: [] });
      const [backup, copy] = await checkBackups(clients.backup, await prodInventory(clients), target, NOW);
      expect(backup.status).toBe('PASS');
      expect(copy).toMatchObject({ status: 'N/A', evidence: expect.stringMatching(/^stack platform-prod-backup-copy created 3 h ago; the first off-region copy is due by /) });
    });

    it('is N/A in a recovery environment deployed minutes ago, whose copies go home into the environment\'s own vault', async () => {
      const { clients, mocks, created } = liveEnvironment();
      createdAt(created, 'platform-prod-recovery', hoursAgo(0.5));
      mocks.backup.on(ListBackupJobsCommand).resolves({ BackupJobs: [] });
      mocks.backup.on(ListCopyJobsCommand).resolves({ CopyJobs: [] });
      const inventory = await readInventory(clients.cloudFormation, environmentStacks(recoveryConfig()));
      const results = await checkBackups(clients.backup, inventory, { ...target, homeVault: { name: 'platform-prod-backup-copy', region: 'eu-west-1' } }, NOW);
      expect(results.map((r) => [r.status, r.evidence])).toEqual([
        ['N/A', `stack platform-prod-recovery-data created 30 min ago; the first daily backup is due by ${hoursAgo(0.5 - BACKUP_WINDOW_HOURS).toISOString()}`],
        ['N/A', `stack platform-prod-recovery-data created 30 min ago; the first off-region copy is due by ${hoursAgo(0.5 - BACKUP_WINDOW_HOURS).toISOString()}`],
      ]);
    });
  });
});
