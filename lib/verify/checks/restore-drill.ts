// CL-DB-3 live: the scheduled restore drill ran within its schedule, its last finished execution succeeded, and
// the RTO/RPO it measured (its output's metrics) are within the alarm thresholds.
import { DescribeExecutionCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { parseRate } from '../../../config/sections/session-cleanup';
import { tooNewToJudge } from '../first-evidence';
import { Inventory, LOOKUPS } from '../inventory';
import { VerifyResult, fail, pass } from '../result';

const DAY_MS = 86_400_000;

/** Days within which a drill must have run: a rate's period, a cron's at most a month (the drill is monthly), plus a day. */
export function drillWindowDays(schedule: string): number {
  const minutes = parseRate(schedule);
  return (minutes === undefined ? 31 : Math.ceil(minutes / 1440)) + 1;
}

export interface DrillTargets {
  readonly schedule: string;
  /** Highest acceptable restore duration (RTO), seconds. */
  readonly maxRestoreSeconds?: number;
  /** Highest acceptable data age at restore (RPO), seconds. */
  readonly maxDataAgeSeconds?: number;
}

function metricsOf(output: string | undefined): Record<string, number> {
  try {
    const metrics = (JSON.parse(output ?? '{}') as { metrics?: unknown }).metrics;
    return metrics && typeof metrics === 'object' ? (metrics as Record<string, number>) : {};
  } catch {
    return {};
  }
}

export async function checkRestoreDrill(client: SFNClient, inventory: Inventory, targets: DrillTargets, now: Date): Promise<VerifyResult[]> {
  const id = 'CL-DB-3';
  const machine = inventory.one(LOOKUPS.restoreDrill);
  if (!machine) return [fail(id, 'restore drill', inventory.absence(LOOKUPS.restoreDrill), now, 'deploy the operations stack')];
  const check = `restore drill ${machine.physicalId.split(':').pop()}`;
  const start = `aws stepfunctions start-execution --state-machine-arn ${machine.physicalId} (docs/restore-drill.md)`;
  const { executions = [] } = await client.send(new ListExecutionsCommand({ stateMachineArn: machine.physicalId, maxResults: 20 }));
  const finished = executions.filter((e) => e.status !== 'RUNNING' && e.status !== 'PENDING_REDRIVE').sort((a, b) => (b.startDate?.getTime() ?? 0) - (a.startDate?.getTime() ?? 0));
  const last = finished[0];
  const windowDays = drillWindowDays(targets.schedule);
  if (!last) {
    const first = { id, check, stacks: [machine.stack.id], what: `the first drill run (${targets.schedule})`, dueWithinMs: windowDays * DAY_MS };
    return [tooNewToJudge(inventory, first, now) ?? fail(id, check, 'the drill has never finished a run', now, `wait for its schedule (${targets.schedule}) or start one: ${start}`)];
  }
  const at = last.stopDate ?? last.startDate ?? now;
  if (last.status !== 'SUCCEEDED') {
    return [fail(id, check, `last run ${last.name} ended ${last.status}`, at, `read the failure report in the execution's state and its task logs, fix, then re-run: ${start}`)];
  }
  const ageDays = (now.getTime() - at.getTime()) / DAY_MS;
  if (ageDays > windowDays) {
    return [fail(id, check, `last successful run ${last.name} was ${ageDays.toFixed(1)} days ago; the schedule (${targets.schedule}) allows ${windowDays}`, at, `check the schedule rule of the drill is enabled, then run it: ${start}`)];
  }
  const { output } = await client.send(new DescribeExecutionCommand({ executionArn: last.executionArn }));
  const m = metricsOf(output);
  const rto = m.RestoreDurationSeconds;
  const rpo = m.DataAgeSeconds;
  if (typeof rto !== 'number' || typeof rpo !== 'number' || m.DrillSucceeded !== 1) {
    return [fail(id, check, `last run ${last.name} SUCCEEDED but its output has no RTO/RPO metrics (${JSON.stringify(m)})`, at, 'the state machine must end with the report task\'s output (lib/constructs/restore-drill.ts)')];
  }
  const measured = `last run ${last.name} SUCCEEDED ${ageDays.toFixed(1)} days ago: RTO ${rto} s, RPO ${rpo} s`;
  const over = [
    targets.maxRestoreSeconds !== undefined && rto > targets.maxRestoreSeconds ? `RTO above ${targets.maxRestoreSeconds} s` : '',
    targets.maxDataAgeSeconds !== undefined && rpo > targets.maxDataAgeSeconds ? `RPO above ${targets.maxDataAgeSeconds} s` : '',
  ].filter(Boolean);
  if (over.length) {
    return [fail(id, check, `${measured}: ${over.join(', ')}`, at, 'see docs/restore-drill.md for what drives the restore time and the data age (backup window, instance class); raise observability.alarms.drillRestoreDurationSeconds / drillDataAgeSeconds only with the business\'s agreement')];
  }
  return [pass(id, check, `${measured} (targets ${targets.maxRestoreSeconds ?? '-'} s / ${targets.maxDataAgeSeconds ?? '-'} s)`, at)];
}
