// CL-DB-3 / CL-OBS-2: drill results as CloudWatch Embedded Metric Format, and what RTO/RPO the drill measures.
import { drillTimings, emfRecord, METRIC_NAMES, report } from '../../../lambdas/restore-drill/metrics';
import { DrillInputError } from '../../../lambdas/restore-drill/input';
import { SOURCE, TARGET } from './fixtures';

const config = { namespace: 'Platform/RestoreDrill', environment: 'prod' };
const verifiedState = {
  sourceDbInstanceIdentifier: SOURCE,
  targetDbInstanceIdentifier: TARGET,
  startedAt: '2026-11-22T10:46:12.000Z',
  latestRestorableTime: '2026-11-22T10:41:00.000Z',
  verified: true,
};

/** EMF validity: every declared metric is a top-level number, every dimension a top-level string. */
function expectValidEmf(record: Record<string, unknown>) {
  const aws = record._aws as { Timestamp: number; CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
  expect(Number.isInteger(aws.Timestamp)).toBe(true);
  expect(aws.CloudWatchMetrics).toHaveLength(1);
  for (const directive of aws.CloudWatchMetrics) {
    for (const dim of directive.Dimensions.flat()) expect(typeof record[dim]).toBe('string');
    for (const metric of directive.Metrics) expect(typeof record[metric.Name]).toBe('number');
  }
}

describe('drillTimings', () => {
  it('measures RTO from restore request to report and RPO as the age of the newest restorable data at the request', () => {
    const t = drillTimings(new Date('2026-11-22T10:46:12Z'), new Date('2026-11-22T10:41:00Z'), new Date('2026-11-22T11:08:42.4Z'));
    expect(t).toEqual({ restoreDurationSeconds: 22 * 60 + 30, dataAgeSeconds: 5 * 60 + 12 });
  });

  it('never reports negative durations (clock skew between Lambda and RDS)', () => {
    expect(drillTimings(new Date('2026-11-22T10:46:12Z'), new Date('2026-11-22T10:46:13Z'), new Date('2026-11-22T10:46:11Z'))).toEqual({
      restoreDurationSeconds: 0,
      dataAgeSeconds: 0,
    });
  });
});

describe('emfRecord', () => {
  it('declares the metrics under _aws with the Environment dimension and puts the values at the top level', () => {
    const record = emfRecord(config, { RestoreDurationSeconds: 1350, DataAgeSeconds: 312, DrillSucceeded: 1 }, new Date('2026-11-22T11:08:42Z'), { source: SOURCE });
    expect(record).toEqual({
      source: SOURCE,
      _aws: {
        Timestamp: Date.parse('2026-11-22T11:08:42Z'),
        CloudWatchMetrics: [
          {
            Namespace: 'Platform/RestoreDrill',
            Dimensions: [['Environment']],
            Metrics: [
              { Name: 'RestoreDurationSeconds', Unit: 'Seconds' },
              { Name: 'DataAgeSeconds', Unit: 'Seconds' },
              { Name: 'DrillSucceeded', Unit: 'Count' },
            ],
          },
        ],
      },
      Environment: 'prod',
      RestoreDurationSeconds: 1350,
      DataAgeSeconds: 312,
      DrillSucceeded: 1,
    });
    expectValidEmf(record);
  });

  it('declares only the metrics it carries, and a property cannot override the dimension or a metric', () => {
    const record = emfRecord(config, { DrillSucceeded: 0 }, new Date(0), { Environment: 'evil', DrillSucceeded: 'x' });
    expect((record._aws as { CloudWatchMetrics: { Metrics: unknown[] }[] }).CloudWatchMetrics[0].Metrics).toEqual([{ Name: 'DrillSucceeded', Unit: 'Count' }]);
    expect(record.Environment).toBe('prod');
    expect(record.DrillSucceeded).toBe(0);
    expect(record).not.toHaveProperty('RestoreDurationSeconds');
    expectValidEmf(record);
  });
});

describe('report', () => {
  it('success path: logs exactly one EMF line with duration, data age and DrillSucceeded=1', () => {
    const lines: string[] = [];
    const out = report(config, verifiedState, new Date('2026-11-22T11:08:42Z'), (l) => lines.push(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    const record = JSON.parse(lines[0]);
    expectValidEmf(record);
    expect(record).toMatchObject({ Environment: 'prod', RestoreDurationSeconds: 1350, DataAgeSeconds: 312, DrillSucceeded: 1, source: SOURCE, target: TARGET });
    expect(out).toEqual({ ...verifiedState, metrics: { RestoreDurationSeconds: 1350, DataAgeSeconds: 312, DrillSucceeded: 1 } });
  });

  it.each([
    ['the Catch path (error from a task)', { error: { Error: 'DrillVerificationFailed', Cause: 'VERIFY_SQL failed' } }, 'DrillVerificationFailed: VERIFY_SQL failed'],
    ['the failed-status Choice', { failed: true, status: 'incompatible-restore' }, 'restore ended in status "incompatible-restore"'],
  ])('failure path via %s: DrillSucceeded=0 only, with the reason', (_label, failure, reason) => {
    const lines: string[] = [];
    const out = report(config, { sourceDbInstanceIdentifier: SOURCE, targetDbInstanceIdentifier: TARGET, startedAt: verifiedState.startedAt, ...failure }, new Date(), (l) => lines.push(l));
    const record = JSON.parse(lines[0]);
    expectValidEmf(record);
    expect(record.DrillSucceeded).toBe(0);
    for (const name of METRIC_NAMES.filter((n) => n !== 'DrillSucceeded')) expect(record).not.toHaveProperty(name);
    expect(record.error).toBe(reason);
    expect(out.metrics).toEqual({ DrillSucceeded: 0 });
  });

  it('refuses to report success for an unverified drill', () => {
    const { verified: _verified, ...unverified } = verifiedState;
    expect(() => report(config, unverified, new Date(), () => undefined)).toThrow(DrillInputError);
  });

  it('names a missing timestamp field', () => {
    expect(() => report(config, { ...verifiedState, startedAt: 'soon' }, new Date(), () => undefined)).toThrow(/input field "startedAt" must be an ISO-8601 timestamp/);
  });
});
