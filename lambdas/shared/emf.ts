// CloudWatch Embedded Metric Format: one JSON log line from which CloudWatch extracts metrics, so a Lambda
// publishes metrics without a PutMetricData permission or call.

export type MetricUnit = 'Count' | 'Milliseconds' | 'Seconds';

export interface EmfMetric {
  readonly name: string;
  readonly unit: MetricUnit;
  readonly value: number;
}

export interface EmfRecordInput {
  readonly namespace: string;
  readonly metrics: readonly EmfMetric[];
  /** Dimension name -> value; none gives one series per metric name. @default {} */
  readonly dimensions?: Readonly<Record<string, string>>;
  readonly timestamp: number;
  /** Extra log fields (not metrics), searchable in Logs Insights. @default {} */
  readonly properties?: Readonly<Record<string, unknown>>;
}

export interface EmfRecord {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string; Unit: MetricUnit }> }>;
  };
  [key: string]: unknown;
}

export function emfRecord(input: EmfRecordInput): EmfRecord {
  const dimensions = input.dimensions ?? {};
  return {
    ...input.properties,
    _aws: {
      Timestamp: input.timestamp,
      CloudWatchMetrics: [
        {
          Namespace: input.namespace,
          Dimensions: [Object.keys(dimensions)],
          Metrics: input.metrics.map((m) => ({ Name: m.name, Unit: m.unit })),
        },
      ],
    },
    ...dimensions,
    ...Object.fromEntries(input.metrics.map((m) => [m.name, m.value])),
  };
}
