// EMF shape of the cleanup metrics (CL-OBS-2 alarms depend on these names, units and the namespace).
import type { CleanupReport } from '../../../lambdas/session-cleanup/cleanup';
import { cleanupMetricsEmf } from '../../../lambdas/session-cleanup/metrics';

const report: CleanupReport = {
  deleted: { expired: 10, revoked: 2, overflow: 3, verificationTokens: 4, auditLogs: 5 },
  batches: 7,
  durationMs: 1234,
  backlog: { expired: { rows: 100, capped: true }, overflow: { rows: 6, capped: false } },
  stoppedForDeadline: true,
  skippedForLock: false,
  warnings: ['rule expired: no index'],
  skipped: [{ rule: 'auditLogs', reason: 'table "public"."audit_logs" does not exist' }],
  maxTransactionMs: 42.5,
  scans: { expired: 'blocks' },
};

it('builds one EMF object declaring every metric with its unit, values at the top level', () => {
  const emf = cleanupMetricsEmf(report, 'Platform/prod/SessionCleanup', 1_700_000_000_000);
  expect(emf._aws).toEqual({
    Timestamp: 1_700_000_000_000,
    CloudWatchMetrics: [{
      Namespace: 'Platform/prod/SessionCleanup',
      Dimensions: [[]],
      Metrics: [
        { Name: 'DeletedExpired', Unit: 'Count' }, { Name: 'DeletedRevoked', Unit: 'Count' }, { Name: 'DeletedOverflow', Unit: 'Count' },
        { Name: 'DeletedVerificationTokens', Unit: 'Count' }, { Name: 'DeletedAuditLogs', Unit: 'Count' }, { Name: 'Backlog', Unit: 'Count' },
        { Name: 'Batches', Unit: 'Count' }, { Name: 'DurationMs', Unit: 'Milliseconds' }, { Name: 'SkippedForLock', Unit: 'Count' },
        { Name: 'MaxTransactionMs', Unit: 'Milliseconds' },
      ],
    }],
  });
  expect(emf).toMatchObject({
    DeletedExpired: 10, DeletedRevoked: 2, DeletedOverflow: 3, DeletedVerificationTokens: 4, DeletedAuditLogs: 5,
    Backlog: 106, Batches: 7, DurationMs: 1234, SkippedForLock: 0, MaxTransactionMs: 42.5,
    stoppedForDeadline: true, warnings: report.warnings, skipped: report.skipped,
  });
  // Every declared metric has a numeric value (EMF drops the line's metrics otherwise).
  for (const { Name } of emf._aws.CloudWatchMetrics[0]!.Metrics) expect(typeof emf[Name]).toBe('number');
  expect(JSON.parse(JSON.stringify(emf))).toEqual(emf);
});

it('reports a skipped run as SkippedForLock 1', () => {
  const emf = cleanupMetricsEmf({ ...report, skippedForLock: true, backlog: {} }, 'ns', 0);
  expect(emf).toMatchObject({ SkippedForLock: 1, Backlog: 0 });
});
