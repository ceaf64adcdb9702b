/**
 * Restore drill, task "cleanup" (CL-DB-3): always runs last, also after failures. Deletes the drill instance
 * (no final snapshot, automated backups deleted); idempotent; refuses anything not provably a drill instance.
 * Output: input + cleanup ("deleted" | "already-deleting" | "already-gone" | "nothing-to-delete").
 *
 * Environment:
 *   DRILL_INSTANCE_PREFIX   guard: only <prefix>-drill-* instances tagged platform:purpose=restore-drill are deleted
 */
import { RDSClient } from '@aws-sdk/client-rds';
import { cleanupConfig } from './config';
import { cleanup } from './drill';
import { asState } from './input';

const rds = new RDSClient({});

export async function handler(event: unknown) {
  return cleanup(rds, cleanupConfig(process.env), asState(event));
}
