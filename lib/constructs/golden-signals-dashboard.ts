import { Duration, aws_cloudwatch as cw } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { PlatformMetrics } from './platform-metrics';

/** Metrics the session-cleanup job emits per run (embedded metric format). */
export const CLEANUP_DELETION_METRICS = ['DeletedExpired', 'DeletedRevoked', 'DeletedOverflow', 'DeletedVerificationTokens', 'DeletedAuditLogs'] as const;

export interface GoldenSignalsDashboardProps {
  readonly environmentName: string;
  readonly metrics: PlatformMetrics;
  /** Every alarm, shown in one status widget. */
  readonly alarms: readonly cw.IAlarm[];
  /** Uptime canary success %, when there is a canary. @default none */
  readonly canarySuccess?: cw.IMetric;
}

/**
 * One dashboard per environment (CL-OBS-3) with the golden signals: traffic, latency, errors and saturation
 * of every tier, the WAF's verdicts, and the session cleanup's work and backlog.
 */
export class GoldenSignalsDashboard extends Construct {
  readonly dashboard: cw.Dashboard;

  constructor(scope: Construct, id: string, props: GoldenSignalsDashboardProps) {
    super(scope, id);
    const m = props.metrics;
    const graph = (title: string, left: cw.IMetric[], right: cw.IMetric[] = [], width = 8) =>
      new cw.GraphWidget({ title, left, right, width, height: 6 });
    const ms = (p: 'p50' | 'p95' | 'p99') =>
      new cw.MathExpression({ expression: `${p} * 1000`, usingMetrics: { [p]: m.targetLatency(p) }, label: `${p} (ms)`, period: Duration.minutes(5) });

    this.dashboard = new cw.Dashboard(this, 'Dashboard', {
      dashboardName: `platform-${props.environmentName}-golden-signals`,
      defaultInterval: Duration.hours(6),
    });
    this.dashboard.addWidgets(
      new cw.AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: 24, height: 4 }),
    );
    this.dashboard.addWidgets(
      graph('Requests', [m.requests()]),
      graph('Latency (target response time)', [ms('p50'), ms('p95'), ms('p99')]),
      graph('Errors', [m.http5xxCount()], [m.http5xxRatePercent()]),
    );
    this.dashboard.addWidgets(
      graph('ECS saturation (%)', [m.ecsCpu(), m.ecsMemory()], [m.ecsMissingTasks()]),
      graph('RDS saturation', [m.rds('CPUUtilization', 'Average')], [m.rds('DatabaseConnections', 'Maximum'), m.proxyClientConnections()]),
      graph('Redis saturation (%)', [m.redis('EngineCPUUtilization', 'Average', 'MAX'), m.redis('DatabaseMemoryUsagePercentage', 'Maximum', 'MAX')], [m.redis('Evictions', 'Sum', 'SUM')]),
    );
    this.dashboard.addWidgets(
      graph('WAF allowed / blocked', [m.waf('AllowedRequests')], [m.waf('BlockedRequests'), m.wafAuthRateBlocks()]),
      graph('Session cleanup: rows deleted', CLEANUP_DELETION_METRICS.map((name) => m.cleanup(name, 'Sum')), [], 8),
      graph('Session cleanup: backlog', [m.cleanup('Backlog', 'Maximum')], [m.cleanupFunction().metricDuration({ statistic: 'Maximum' })]),
    );
    if (props.canarySuccess) {
      this.dashboard.addWidgets(graph('Uptime (canary success %)', [props.canarySuccess], [], 24));
    }
  }
}
