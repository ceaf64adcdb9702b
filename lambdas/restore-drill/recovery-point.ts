// The newest copied recovery point of the database in a Backup vault: what the off-region drill restores and what
// `npm run recover` deploys the recovery environment from. Pure with respect to its client.
import { BackupClient, ListRecoveryPointsByBackupVaultCommand, RecoveryPointByBackupVault } from '@aws-sdk/client-backup';

/** The vault holds no completed recovery point of the database: nothing to restore (alarmed by the drill). */
export class NoRecoveryPoint extends Error {
  override readonly name = 'NoRecoveryPoint';
}

export interface RecoveryPoint {
  /** The copied RDS snapshot: `arn:aws:rds:<region>:<account>:snapshot:awsbackup:...`. */
  readonly arn: string;
  /**
   * Time of the data it holds, at most: the earlier of the backup's initiation and the copy's creation. The data
   * is never older than this, so `now - dataTime` is an upper bound of the data lost (RPO).
   */
  readonly dataTime: Date;
  /** Identifier of the database instance it was taken from (the end of its ResourceArn). */
  readonly sourceInstanceIdentifier: string;
}

function dataTime(point: RecoveryPointByBackupVault): Date | undefined {
  const times = [point.InitiationDate, point.CreationDate].filter((t): t is Date => t instanceof Date);
  return times.length ? new Date(Math.min(...times.map((t) => t.getTime()))) : undefined;
}

/**
 * The newest COMPLETED RDS recovery point in `vaultName` whose source is `sourceInstanceIdentifier` (only the one
 * with ARN `arn`, when given), following every page. Throws NoRecoveryPoint when there is none.
 */
export async function newestRecoveryPoint(backup: BackupClient, vaultName: string, sourceInstanceIdentifier: string, arn?: string): Promise<RecoveryPoint> {
  let newest: RecoveryPoint | undefined;
  let nextToken: string | undefined;
  do {
    const page = await backup.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: vaultName, NextToken: nextToken }));
    for (const point of page.RecoveryPoints ?? []) {
      const time = dataTime(point);
      const source = point.ResourceArn?.split(':db:')[1];
      if (point.ResourceType !== 'RDS' || point.Status !== 'COMPLETED' || !point.RecoveryPointArn || !time) continue;
      if (source !== sourceInstanceIdentifier || (arn !== undefined && point.RecoveryPointArn !== arn)) continue;
      if (!newest || time > newest.dataTime) newest = { arn: point.RecoveryPointArn, dataTime: time, sourceInstanceIdentifier: source };
    }
    nextToken = page.NextToken;
  } while (nextToken);
  if (!newest) {
    throw new NoRecoveryPoint(
      `backup vault "${vaultName}" holds no completed recovery point ${arn === undefined ? '' : `${arn} `}of "${sourceInstanceIdentifier}": ` +
        "check the backup plan's copy jobs (docs/disaster-recovery.md)",
    );
  }
  return newest;
}
