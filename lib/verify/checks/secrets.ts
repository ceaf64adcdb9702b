// CL-SEC-2 live: every secret of the environment rotates on its own, rotated within its window, and its last
// rotation finished (no version left in AWSPENDING beside AWSCURRENT).
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Inventory, LOOKUPS } from '../inventory';
import { VerifyResult, fail, pass } from '../result';

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
      if (!last) return fail(id, check, `rotation every ${days} days is on, but the secret has never rotated`, now, fixRotation(name));
      const pending = Object.entries(secret.VersionIdsToStages ?? {}).filter(([, stages]) => stages.includes('AWSPENDING') && !stages.includes('AWSCURRENT'));
      if (pending.length > 0) {
        return fail(id, check, `the last rotation did not finish: version ${pending.map(([v]) => v).join(', ')} is still AWSPENDING (last completed rotation ${last.toISOString()})`, last, fixRotation(name));
      }
      const ageDays = (now.getTime() - last.getTime()) / DAY_MS;
      const age = `last rotated ${ageDays.toFixed(1)} days ago, rotation every ${days} days`;
      if (ageDays > days + GRACE_DAYS) return fail(id, check, `${age}: overdue`, last, fixRotation(name));
      return pass(id, check, age, last);
    }),
  );
}
