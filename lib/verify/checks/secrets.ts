// CL-SEC-2 live: every secret of the environment rotates on its own, rotated within its window, and its last
// rotation finished (no version left in AWSPENDING beside AWSCURRENT). A recovery environment: its signing secret replicas.
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { isCredentialsError } from '../../preflight/checks';
import { tooNewToJudge } from '../first-evidence';
import { Inventory, LOOKUPS } from '../inventory';
import { VerifyResult, errorName, fail, isAccessDenied, pass } from '../result';

const DAY_MS = 86_400_000;
/** Secrets Manager starts a scheduled rotation somewhere in the day it is due. */
const GRACE_DAYS = 1;
const MAX_ROTATION_DAYS = 90;

/** Days between rotations from the rotation rules: AutomaticallyAfterDays, or a `rate(N days)` schedule. */
export function rotationDays(rules: { AutomaticallyAfterDays?: number; ScheduleExpression?: string } | undefined): number | undefined {
  if (rules?.AutomaticallyAfterDays) return rules.AutomaticallyAfterDays;
  const rate = /^rate\((\d+) days?\)$/.exec(rules?.ScheduleExpression ?? '');
  return rate ? Number(rate[1]) : undefined;
}

export async function checkSecretRotation(client: SecretsManagerClient, inventory: Inventory, now: Date): Promise<VerifyResult[]> {
  const id = 'CL-SEC-2';
  const secrets = [...inventory.find(LOOKUPS.databaseSecrets), ...inventory.find(LOOKUPS.appSecrets)];
  if (secrets.length === 0) {
    return [fail(id, 'secret rotation', `${inventory.absence(LOOKUPS.databaseSecrets)}; ${inventory.absence(LOOKUPS.appSecrets)}`, now, 'deploy the data and secrets stacks')];
  }
  const fixRotation = (name: string) => `see the rotation function's log for ${name} and docs/secrets-rotation.md; rotate by hand once fixed: aws secretsmanager rotate-secret --secret-id ${name}`;
  return Promise.all(
    secrets.map(async ({ physicalId, stack, logicalId }) => {
      const secret = await client.send(new DescribeSecretCommand({ SecretId: physicalId }));
      const name = secret.Name ?? physicalId;
      const check = `secret rotation ${name} (${stack.stackName}/${logicalId})`;
      const days = rotationDays(secret.RotationRules);
      if (secret.RotationEnabled !== true) {
        return fail(id, check, 'automatic rotation is off', now, `redeploy ${stack.stackName}: its template schedules the rotation (someone switched it off by hand)`);
      }
      if (days === undefined) {
        return fail(id, check, `rotation schedule ${secret.RotationRules?.ScheduleExpression ?? 'unset'} is not every N days, so its window cannot be checked`, now, `redeploy ${stack.stackName}: its template schedules rate(N days)`);
      }
      if (days > MAX_ROTATION_DAYS) {
        return fail(id, check, `rotates every ${days} days, more than ${MAX_ROTATION_DAYS}`, now, `redeploy ${stack.stackName} (its configuration allows at most ${MAX_ROTATION_DAYS} days)`);
      }
      const last = secret.LastRotatedDate;
      const pending = Object.entries(secret.VersionIdsToStages ?? {}).filter(([, stages]) => stages.includes('AWSPENDING') && !stages.includes('AWSCURRENT'));
      if (pending.length > 0) {
        return fail(id, check, `the last rotation did not finish: version ${pending.map(([v]) => v).join(', ')} is still AWSPENDING (last completed rotation ${last?.toISOString() ?? 'never'})`, last ?? now, fixRotation(name));
      }
      if (!last) {
        // A secret whose first rotation waits for its schedule (the master's, lib/constructs/database-users.ts).
        const first = { id, check, stacks: [stack.id], what: `its first rotation (every ${days} days)`, dueWithinMs: (days + GRACE_DAYS) * DAY_MS };
        return tooNewToJudge(inventory, first, now) ?? fail(id, check, `rotation every ${days} days is on, but the secret has never rotated`, now, fixRotation(name));
      }
      const ageDays = (now.getTime() - last.getTime()) / DAY_MS;
      const age = `last rotated ${ageDays.toFixed(1)} days ago, rotation every ${days} days`;
      if (ageDays > days + GRACE_DAYS) return fail(id, check, `${age}: overdue`, last, fixRotation(name));
      return pass(id, check, age, last);
    }),
  );
}

/** Where a recovery environment's signing secrets are: replicas in its region of the environment's primaries at home. */
export interface ReplicaTargets {
  /** The secrets' names (the same in both regions). */
  readonly names: readonly string[];
  /** The environment's region, where the primaries are. */
  readonly home: string;
  /** The recovery environment's region, where the service reads the replicas. */
  readonly region: string;
}

/**
 * CL-SEC-2 in a recovery environment: it has no secrets of its own, its service reads the replicas of the
 * environment's signing secrets by name. Each must exist in its region and be in sync with its primary at home (the
 * primary's ReplicationStatus); a replica promoted to a standalone secret (docs/disaster-recovery.md) passes as such.
 */
export async function checkSecretReplicas(
  clients: { readonly replicas: SecretsManagerClient; readonly primaries: SecretsManagerClient },
  targets: ReplicaTargets,
  now: Date,
): Promise<VerifyResult[]> {
  const id = 'CL-SEC-2';
  return Promise.all(
    targets.names.map(async (name) => {
      const check = `signing secret replica ${name} (${targets.region})`;
      let replica;
      try {
        replica = await clients.replicas.send(new DescribeSecretCommand({ SecretId: name }));
      } catch (error) {
        if (errorName(error) !== 'ResourceNotFoundException') throw error;
        return fail(id, check, `no secret ${name} in ${targets.region}`, now, `the environment's secrets stack replicates it there with disasterRecovery.enabled: deploy it, then redeploy the recovery environment's service stack`);
      }
      if (replica.PrimaryRegion === undefined) return pass(id, check, `a standalone secret (promoted from its replica)`, replica.LastChangedDate ?? now);
      if (replica.PrimaryRegion !== targets.home) {
        return fail(id, check, `a replica of ${replica.PrimaryRegion}, not of ${targets.home}`, now, `the service reads ${name} by name: replicate the ${targets.home} secret to ${targets.region} instead`);
      }
      let primary;
      try {
        primary = await clients.primaries.send(new DescribeSecretCommand({ SecretId: name }));
      } catch (error) {
        // The home region may be the one that is down: the replica holds the last version it received.
        if (isCredentialsError(error) || isAccessDenied(error)) throw error;
        return pass(id, check, `a replica of ${targets.home}, whose primary cannot be read (${errorName(error)}), so its sync is unknown`, now);
      }
      const status = primary.ReplicationStatus?.find((r) => r.Region === targets.region);
      if (status?.Status !== 'InSync') {
        return fail(id, check, `replication from ${targets.home} is ${status?.Status ?? 'not configured'}${status?.StatusMessage ? `: ${status.StatusMessage}` : ''}`, now, `aws secretsmanager describe-secret --secret-id ${name} --region ${targets.home}; fix the replica key or policy it names`);
      }
      return pass(id, check, `a replica of ${targets.home}, in sync`, now);
    }),
  );
}
