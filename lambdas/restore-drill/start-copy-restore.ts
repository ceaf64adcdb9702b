/**
 * Off-region drill, task "start-restore" (CL-DB-3, docs/disaster-recovery.md): restore the newest recovery point
 * copied into this region's vault into a throw-away instance. The other tasks are the point-in-time drill's.
 * Input:  { "sourceDbInstanceIdentifier": "..." } (the home-region instance the copies were taken from)
 * Output: input + targetDbInstanceIdentifier, recoveryPointArn, startedAt, latestRestorableTime (the copy's data time)
 *
 * Environment: those of start-restore.ts, plus
 *   DRILL_BACKUP_VAULT_NAME      the vault receiving the copies (the environment's backup-copy vault)
 */
import { BackupClient } from '@aws-sdk/client-backup';
import { RDSClient } from '@aws-sdk/client-rds';
import { copyRestoreConfig } from './config';
import { startCopyRestore } from './drill';
import { asState } from './input';

const clients = { rds: new RDSClient({}), backup: new BackupClient({}) };

export async function handler(event: unknown) {
  return startCopyRestore(clients, copyRestoreConfig(process.env), asState(event), () => new Date());
}
