/**
 * Restore drill, task "check-status" (CL-DB-3), polled by the state machine (Wait/Choice) until
 * available or failed. Switches the restored copy to a fresh RDS-managed master secret once RDS reports it available.
 * Input: output of start-restore (or of a previous poll). Output: input + status, phase, available, failed,
 * endpoint, port, masterUserSecretArn.
 *
 * Environment:
 *   DRILL_INSTANCE_PREFIX           guard: only <prefix>-drill-* instances tagged platform:purpose=restore-drill are touched
 *   MASTER_USER_SECRET_KMS_KEY_ID   KMS key (ARN) that encrypts the drill's RDS-managed master secret
 */
import { RDSClient } from '@aws-sdk/client-rds';
import { statusConfig } from './config';
import { checkStatus } from './drill';
import { asState } from './input';

const rds = new RDSClient({});

export async function handler(event: unknown) {
  return checkStatus(rds, statusConfig(process.env), asState(event));
}
