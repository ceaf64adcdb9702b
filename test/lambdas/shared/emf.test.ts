import { emfRecord } from '../../../lambdas/shared/emf';

describe('emfRecord', () => {
  it('declares metrics and dimensions under _aws and puts values at the top level', () => {
    expect(
      emfRecord({
        namespace: 'Platform/Test',
        timestamp: 42,
        dimensions: { Environment: 'prod' },
        metrics: [{ name: 'Deleted', unit: 'Count', value: 7 }],
        properties: { note: 'x' },
      }),
    ).toEqual({
      note: 'x',
      _aws: { Timestamp: 42, CloudWatchMetrics: [{ Namespace: 'Platform/Test', Dimensions: [['Environment']], Metrics: [{ Name: 'Deleted', Unit: 'Count' }] }] },
      Environment: 'prod',
      Deleted: 7,
    });
  });

  it('uses one empty dimension set when there are no dimensions, so each metric is a single series', () => {
    const record = emfRecord({ namespace: 'N', timestamp: 0, metrics: [{ name: 'M', unit: 'Milliseconds', value: 1 }] });
    expect(record._aws.CloudWatchMetrics[0].Dimensions).toEqual([[]]);
  });

  it('never lets a property overwrite a metric value', () => {
    const record = emfRecord({ namespace: 'N', timestamp: 0, metrics: [{ name: 'M', unit: 'Count', value: 1 }], properties: { M: 'oops' } });
    expect(record.M).toBe(1);
  });
});
