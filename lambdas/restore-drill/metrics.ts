// Drill results as CloudWatch metrics (CL-DB-3, alarmed per CL-OBS-2), written as one Embedded Metric Format
// log line: CloudWatch extracts the metrics from the Lambda log, so no PutMetricData permission is needed.
import { EmfRecord, MetricUnit, emfRecord as buildEmfRecord } from '../shared/emf';
import { ReportConfig } from './config';
import { DrillInputError, DrillState, timeField } from './input';

export const METRIC_NAMES = ['RestoreDurationSeconds', 'DataAgeSeconds', 'DrillSucceeded'] as const;
export type MetricName = (typeof METRIC_NAMES)[number];
export type DrillMetrics = Partial<Record<MetricName, number>>;

const UNITS: Record<MetricName, MetricUnit> = { RestoreDurationSeconds: 'Seconds', DataAgeSeconds: 'Seconds', DrillSucceeded: 'Count' };

/**
 * RestoreDurationSeconds (RTO as measured by the drill): restore request -> data verified readable, i.e.
 *   reportedAt - startedAt. It includes creating the instance, replaying the logs and the credential switch.
 * DataAgeSeconds (RPO as measured by the drill): how old the newest restorable data was when the restore was
 *   requested, startedAt - latestRestorableTime (read from the source just before the request). RDS restores
 *   "latest restorable time" as of the request, so this is the data-loss window had the source been lost then.
 */
export function drillTimings(startedAt: Date, latestRestorableTime: Date, reportedAt: Date): { restoreDurationSeconds: number; dataAgeSeconds: number } {
  return {
    restoreDurationSeconds: Math.max(0, Math.round((reportedAt.getTime() - startedAt.getTime()) / 1000)),
    dataAgeSeconds: Math.max(0, Math.round((startedAt.getTime() - latestRestorableTime.getTime()) / 1000)),
  };
}

/** One EMF record: the drill's metrics with the Environment dimension. */
export function emfRecord(config: ReportConfig, metrics: DrillMetrics, timestamp: Date, properties: Record<string, unknown> = {}): EmfRecord {
  return buildEmfRecord({
    namespace: config.namespace,
    timestamp: timestamp.getTime(),
    dimensions: { Environment: config.environment },
    metrics: METRIC_NAMES.filter((name) => metrics[name] !== undefined).map((name) => ({ name, unit: UNITS[name], value: metrics[name]! })),
    properties,
  });
}

function failureSummary(state: DrillState): string {
  const error = state.error;
  if (error === undefined || error === null) return `restore ended in status "${String(state.status ?? 'unknown')}"`;
  if (typeof error === 'object') {
    const { Error: type, Cause: cause } = error as Record<string, unknown>;
    if (typeof type === 'string') return `${type}${typeof cause === 'string' ? `: ${cause}` : ''}`.slice(0, 1000);
  }
  return (typeof error === 'string' ? error : JSON.stringify(error)).slice(0, 1000);
}

/**
 * Task 4. Success path (after verify): RestoreDurationSeconds, DataAgeSeconds and DrillSucceeded=1.
 * Failure path: input has failed: true (check-status saw a failed restore) or an error (the state machine's
 * Catch with ResultPath "$.error"): DrillSucceeded=0 only, since a failed restore has no meaningful duration. Returns the state plus the metrics it emitted.
 */
export function report(config: ReportConfig, state: DrillState, now: Date, log: (line: string) => void): DrillState & { metrics: DrillMetrics } {
  const properties = { drill: 'restore-drill', source: state.sourceDbInstanceIdentifier ?? null, target: state.targetDbInstanceIdentifier ?? null };
  let metrics: DrillMetrics;
  if (state.failed === true || (state.error !== undefined && state.error !== null)) {
    metrics = { DrillSucceeded: 0 };
    log(JSON.stringify(emfRecord(config, metrics, now, { ...properties, error: failureSummary(state) })));
  } else {
    if (state.verified !== true) {
      throw new DrillInputError('report: input has neither verified: true (success path, after verify) nor failed: true / error (failure path)');
    }
    const hint = 'pass the output of the start-restore task along';
    const timings = drillTimings(timeField(state, 'startedAt', hint), timeField(state, 'latestRestorableTime', hint), now);
    metrics = { RestoreDurationSeconds: timings.restoreDurationSeconds, DataAgeSeconds: timings.dataAgeSeconds, DrillSucceeded: 1 };
    log(JSON.stringify(emfRecord(config, metrics, now, properties)));
  }
  return { ...state, metrics };
}
