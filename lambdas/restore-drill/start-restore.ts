/**
 * Restore drill, task "start-restore" (CL-DB-3): point-in-time restore of the source into a throw-away instance.
 * Input:  { "sourceDbInstanceIdentifier": "..." }   Output: input + targetDbInstanceIdentifier, startedAt, latestRestorableTime
 *
 * Environment:
 *   DRILL_INSTANCE_PREFIX        drill instances are named <prefix>-drill-<yyyymmddhhmm> (IAM is scoped to that)
 *   DRILL_DB_SUBNET_GROUP_NAME   DB subnet group of the isolated subnets
 *   DRILL_SECURITY_GROUP_IDS     the dedicated drill security group id(s), comma-separated
 *   DRILL_INSTANCE_CLASS         e.g. db.t4g.medium
 *   DRILL_PARAMETER_GROUP_NAME   parameter group with rds.force_ssl=1
 */
import { RDSClient } from '@aws-sdk/client-rds';
import { restoreConfig } from './config';
import { startRestore } from './drill';
import { asState } from './input';

const rds = new RDSClient({});

export async function handler(event: unknown) {
  return startRestore(rds, restoreConfig(process.env), asState(event), () => new Date());
}
