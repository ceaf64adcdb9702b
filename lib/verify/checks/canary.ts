// CL-OBS-3 live: the uptime canary runs and its latest run passed, recently enough for its schedule.
import { GetCanaryCommand, GetCanaryRunsCommand, SyntheticsClient } from '@aws-sdk/client-synthetics';
import { tooNewToJudge } from '../first-evidence';
import { Inventory, LOOKUPS } from '../inventory';
import { VerifyResult, fail, notApplicable, pass } from '../result';

export async function checkCanary(client: SyntheticsClient, inventory: Inventory, intervalMinutes: number | undefined, now: Date): Promise<VerifyResult[]> {
  const id = 'CL-OBS-3';
  if (intervalMinutes === undefined) return [notApplicable(id, 'uptime canary', 'no public domain is configured (observability.canary.domain), so the environment has no canary', now)];
  const canary = inventory.one(LOOKUPS.canary);
  if (!canary) return [fail(id, 'uptime canary', inventory.absence(LOOKUPS.canary), now, 'deploy the monitoring stack')];
  const name = canary.physicalId;
  const check = `uptime canary ${name}`;
  const { Canary: live } = await client.send(new GetCanaryCommand({ Name: name }));
  const state = live?.Status?.State;
  if (state !== 'RUNNING') {
    return [fail(id, check, `canary is ${state ?? 'unknown'}${live?.Status?.StateReason ? ` (${live.Status.StateReason})` : ''}, not RUNNING`, now, `aws synthetics start-canary --name ${name}`)];
  }
  const { CanaryRuns = [] } = await client.send(new GetCanaryRunsCommand({ Name: name, MaxResults: 5 }));
  const last = [...CanaryRuns].sort((a, b) => (b.Timeline?.Started?.getTime() ?? 0) - (a.Timeline?.Started?.getTime() ?? 0))[0];
  // Two missed runs in a row mean the canary stopped running, whatever its state says.
  const windowMinutes = 2 * intervalMinutes + 5;
  if (!last) {
    const first = { id, check, stacks: [canary.stack.id], what: `the first run (every ${intervalMinutes} minutes)`, dueWithinMs: windowMinutes * 60_000 };
    return [tooNewToJudge(inventory, first, now) ?? fail(id, check, 'the canary has not run yet', now, `wait ${intervalMinutes} minutes after its start, then re-run verify`)];
  }
  const at = last.Timeline?.Completed ?? last.Timeline?.Started ?? now;
  const ageMinutes = (now.getTime() - at.getTime()) / 60_000;
  if (last.Status?.State !== 'PASSED') {
    return [fail(id, check, `last run ${last.Status?.State ?? 'unknown'}: ${last.Status?.StateReason ?? 'no reason given'}`, at, 'the health endpoint did not answer 200 within 10 s from outside: see docs/runbook.md (canary alarm)')];
  }
  if (ageMinutes > windowMinutes) {
    return [fail(id, check, `last run passed ${ageMinutes.toFixed(0)} minutes ago, but it runs every ${intervalMinutes} minutes`, at, `aws synthetics get-canary --name ${name}; restart it: aws synthetics start-canary --name ${name}`)];
  }
  return [pass(id, check, `last run PASSED ${ageMinutes.toFixed(0)} minutes ago (runs every ${intervalMinutes} minutes)`, at)];
}
