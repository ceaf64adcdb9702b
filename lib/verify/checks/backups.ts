// CL-DB-2 live: last night's AWS Backup job of the database completed, and so did its copy to the other region's vault.
import { BackupClient, BackupJob, CopyJob, ListBackupJobsCommand, ListCopyJobsCommand } from '@aws-sdk/client-backup';
import { tooNewToJudge } from '../first-evidence';
import { Inventory, LOOKUPS, StackId } from '../inventory';
import { VerifyResult, fail, pass } from '../result';

/** The plan runs daily; two hours on top of a day cover the job's own run time and a late start. */
export const BACKUP_WINDOW_HOURS = 26;
/** A new stack's first backup (and its copy) runs within a day of its creation: the same 26 h. */
const WINDOW_MS = BACKUP_WINDOW_HOURS * 3_600_000;

async function allPages<T>(fetch: (token?: string) => Promise<{ items?: T[]; next?: string }>): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    all.push(...(page.items ?? []));
    token = page.next;
  } while (token);
  return all;
}

/** A job in these states has not ended: it is no evidence either way yet. */
const UNDER_WAY = ['CREATED', 'PENDING', 'RUNNING'];
const underWay = (jobs: { State?: string }[]) => jobs.every((j) => UNDER_WAY.includes(j.State ?? ''));

const latest = <T>(jobs: T[], date: (j: T) => Date | undefined) => jobs.reduce<T | undefined>((a, b) => (!a || (date(b)?.getTime() ?? 0) > (date(a)?.getTime() ?? 0) ? b : a), undefined);
const states = (jobs: { State?: string }[]) => {
  const counts = jobs.reduce<Record<string, number>>((acc, j) => ({ ...acc, [j.State ?? '?']: (acc[j.State ?? '?'] ?? 0) + 1 }), {});
  return Object.entries(counts).map(([s, n]) => `${n} ${s}`).join(', ') || 'none';
};

export interface BackupTarget {
  readonly account: string;
  readonly partition: string;
  /**
   * The vault a recovery environment copies its backups into: the environment's own, in its home region (it has no
   * copy vault of its own). @default the copy vault of the backup-copy stack
   */
  readonly homeVault?: { readonly name: string; readonly region: string };
}

export async function checkBackups(client: BackupClient, inventory: Inventory, target: BackupTarget, now: Date): Promise<VerifyResult[]> {
  const id = 'CL-DB-2';
  const since = new Date(now.getTime() - BACKUP_WINDOW_HOURS * 3_600_000);
  const vault = inventory.one(LOOKUPS.backupVault);
  const found = inventory.one(LOOKUPS.copyVault);
  const copyVault = target.homeVault ?? (found && { name: found.physicalId, region: found.stack.region });
  const results: VerifyResult[] = [];

  if (!vault) {
    results.push(fail(id, 'daily backup', inventory.absence(LOOKUPS.backupVault), now, 'deploy the data stack'));
  } else {
    const jobs = await allPages<BackupJob>(async (NextToken) => {
      const page = await client.send(new ListBackupJobsCommand({ ByBackupVaultName: vault.physicalId, ByCreatedAfter: since, NextToken }));
      return { items: page.BackupJobs, next: page.NextToken };
    });
    const completed = latest(jobs.filter((j) => j.State === 'COMPLETED'), (j) => j.CompletionDate);
    const check = `daily backup into ${vault.physicalId}`;
    results.push(
      completed
        ? pass(id, check, `backup job ${completed.BackupJobId} of ${completed.ResourceArn} COMPLETED (jobs in the last ${BACKUP_WINDOW_HOURS} h: ${states(jobs)})`, completed.CompletionDate ?? now)
        : ((underWay(jobs) ? tooNewToJudge(inventory, { id, check, stacks: [vault.stack.id], what: 'the first daily backup', dueWithinMs: WINDOW_MS }, now) : undefined) ??
            fail(id, check, `no completed backup job in the last ${BACKUP_WINDOW_HOURS} h (jobs: ${states(jobs)})`, now, `read the failed job's StatusMessage (aws backup list-backup-jobs --by-backup-vault-name ${vault.physicalId}); the plan's selection and role are in the data stack`)),
    );
  }

  if (!copyVault) {
    results.push(fail(id, 'off-region copy', inventory.absence(LOOKUPS.copyVault), now, 'deploy the backup-copy stack'));
  } else {
    const { name, region } = copyVault;
    const arn = `arn:${target.partition}:backup:${region}:${target.account}:backup-vault:${name}`;
    const jobs = await allPages<CopyJob>(async (NextToken) => {
      const page = await client.send(new ListCopyJobsCommand({ ByDestinationVaultArn: arn, ByCreatedAfter: since, NextToken }));
      return { items: page.CopyJobs, next: page.NextToken };
    });
    const completed = latest(jobs.filter((j) => j.State === 'COMPLETED'), (j) => j.CompletionDate);
    const check = `off-region copy into ${name} (${region})`;
    // The data stack's plan makes the copies: they can exist once it and the copy vault's stack (if ours) do.
    const stacks: StackId[] = ['data', ...(target.homeVault || !found ? [] : [found.stack.id])];
    results.push(
      completed
        ? pass(id, check, `copy job ${completed.CopyJobId} of ${completed.SourceRecoveryPointArn} COMPLETED (copies in the last ${BACKUP_WINDOW_HOURS} h: ${states(jobs)})`, completed.CompletionDate ?? now)
        : ((underWay(jobs) ? tooNewToJudge(inventory, { id, check, stacks, what: 'the first off-region copy', dueWithinMs: WINDOW_MS }, now) : undefined) ??
            fail(id, check, `no completed copy job in the last ${BACKUP_WINDOW_HOURS} h (copies: ${states(jobs)})`, now, `read the copy job's StatusMessage (aws backup list-copy-jobs --by-destination-vault-arn ${arn}); check the copy vault's lock range and key policy`)),
    );
  }
  return results;
}
