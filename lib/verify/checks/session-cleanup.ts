// CL-SES-1 live: the session cleanup ran successfully within its schedule. A successful run (also one skipped
// because another held the lock) ends with its report as an EMF log line; that line's metrics are the evidence.
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, FilterLogEventsCommand, FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { parseRate } from '../../../config/sections/session-cleanup';
import { CLEANUP_METRICS } from '../../../lambdas/session-cleanup/metrics';
import { tooNewToJudge } from '../first-evidence';
import { Inventory, LOOKUPS } from '../inventory';
import { VerifyResult, fail, pass } from '../result';

export interface CleanupTarget {
  readonly schedule: string;
  readonly metricsNamespace: string;
}

/** Minutes within which a successful run must show: two periods (one run may be skipped or late); a cron, an hour. */
export function cleanupWindowMinutes(schedule: string): number {
  return 2 * (parseRate(schedule) ?? 60) + 5;
}

export interface CleanupClients {
  readonly lambda: LambdaClient;
  readonly logs: CloudWatchLogsClient;
  readonly cloudWatch: CloudWatchClient;
}

export async function checkSessionCleanup(clients: CleanupClients, inventory: Inventory, target: CleanupTarget, now: Date): Promise<VerifyResult[]> {
  const id = 'CL-SES-1';
  const fn = inventory.one(LOOKUPS.sessionCleanup);
  if (!fn) return [fail(id, 'session cleanup', inventory.absence(LOOKUPS.sessionCleanup), now, 'deploy the operations stack')];
  const name = fn.physicalId;
  const check = `session cleanup ${name}`;
  const window = cleanupWindowMinutes(target.schedule);
  const since = new Date(now.getTime() - window * 60_000);
  const config = await clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
  const logGroupName = config.LoggingConfig?.LogGroup ?? `/aws/lambda/${name}`;

  const events: FilteredLogEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await clients.logs.send(
      new FilterLogEventsCommand({ logGroupName, startTime: since.getTime(), endTime: now.getTime(), filterPattern: `"${target.metricsNamespace}"`, nextToken }),
    );
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  const { Datapoints = [] } = await clients.cloudWatch.send(
    new GetMetricStatisticsCommand({ Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: name }], StartTime: since, EndTime: now, Period: window * 60, Statistics: ['Sum'] }),
  );
  const errors = Datapoints.reduce((sum, d) => sum + (d.Sum ?? 0), 0);

  const last = events.filter((e) => e.message?.includes('"_aws"')).sort((a, b) => (b.timestamp ?? 0) - (a.timestamp ?? 0))[0];
  if (!last) {
    // A new function's first run is due within the window; an error before then is evidence of its own.
    const first = { id, check, stacks: [fn.stack.id], what: `the first successful run (${target.schedule})`, dueWithinMs: window * 60_000 };
    return [
      (errors === 0 ? tooNewToJudge(inventory, first, now) : undefined) ??
        fail(id, check, `no successful run in the last ${window} minutes (schedule ${target.schedule}, state ${config.State ?? 'unknown'}, ${errors} error(s) in that time)`, now, `read ${logGroupName} and the dead-letter queue; docs/runbook.md (session cleanup); run it by hand: aws lambda invoke --function-name ${name} /dev/stdout`),
    ];
  }
  const at = new Date(last.timestamp ?? now.getTime());
  let report: Record<string, unknown> = {};
  try {
    // The runtime may prefix the line (time, request id, level): the report is the JSON from the first brace.
    const message = last.message ?? '{}';
    report = JSON.parse(message.slice(message.indexOf('{'))) as Record<string, unknown>;
  } catch {
    report = {};
  }
  const metrics = CLEANUP_METRICS.filter((m) => typeof report[m.name] === 'number').map((m) => `${m.name}=${String(report[m.name])}`);
  return [pass(id, check, `last successful run ${((now.getTime() - at.getTime()) / 60_000).toFixed(0)} minutes ago (schedule ${target.schedule}): ${metrics.join(', ')}; ${errors} error(s) in the last ${window} minutes`, at)];
}
