// The cleanup report as one CloudWatch Embedded Metric Format log line (CL-OBS-2 alarms read these metrics).
import { EmfRecord, MetricUnit, emfRecord } from '../shared/emf';
import type { CleanupReport } from './cleanup';

export const CLEANUP_METRICS: ReadonlyArray<{ name: string; unit: MetricUnit; value: (r: CleanupReport) => number }> = [
  { name: 'DeletedExpired', unit: 'Count', value: (r) => r.deleted.expired },
  { name: 'DeletedRevoked', unit: 'Count', value: (r) => r.deleted.revoked },
  { name: 'DeletedOverflow', unit: 'Count', value: (r) => r.deleted.overflow },
  { name: 'DeletedVerificationTokens', unit: 'Count', value: (r) => r.deleted.verificationTokens },
  { name: 'DeletedAuditLogs', unit: 'Count', value: (r) => r.deleted.auditLogs },
  // Sum over rules; a growing backlog means cleanup does not keep up.
  { name: 'Backlog', unit: 'Count', value: (r) => Object.values(r.backlog).reduce((sum, b) => sum + b.rows, 0) },
  { name: 'Batches', unit: 'Count', value: (r) => r.batches },
  { name: 'DurationMs', unit: 'Milliseconds', value: (r) => r.durationMs },
  { name: 'SkippedForLock', unit: 'Count', value: (r) => (r.skippedForLock ? 1 : 0) },
  { name: 'MaxTransactionMs', unit: 'Milliseconds', value: (r) => r.maxTransactionMs },
];

/**
 * One EMF object: every metric without dimensions (one series per namespace, so alarms need no dimension),
 * plus the report's details as plain log fields for Logs Insights.
 */
export function cleanupMetricsEmf(report: CleanupReport, namespace: string, timestamp: number): EmfRecord {
  return emfRecord({
    namespace,
    timestamp,
    metrics: CLEANUP_METRICS.map((m) => ({ name: m.name, unit: m.unit, value: m.value(report) })),
    properties: { stoppedForDeadline: report.stoppedForDeadline, backlogByRule: report.backlog, warnings: report.warnings, skipped: report.skipped },
  });
}
