import { Duration, aws_cloudwatch as cw } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { AlarmName, AlarmThresholds, Severity } from '../../config/sections/observability';
import { SEVERITIES } from '../../config/sections/observability';
import type { AlarmTopics } from './alarm-topics';
import type { DeadLetterQueue } from './dead-letter-queue';
import { MonitoredResources, PlatformMetrics } from './platform-metrics';

const { GREATER_THAN_OR_EQUAL_TO_THRESHOLD: AT_LEAST, GREATER_THAN_THRESHOLD: ABOVE, LESS_THAN_THRESHOLD: BELOW } = cw.ComparisonOperator;
const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

/** One alarm definition; the threshold comes from config per severity. */
export interface AlarmSpec {
  readonly name: AlarmName;
  /** Distinguishes several alarms of one kind (one per read replica). @default none */
  readonly qualifier?: string;
  /** What it means when it fires, for the e-mail and the runbook. */
  readonly meaning: string;
  readonly metric: cw.IMetric;
  readonly comparison: cw.ComparisonOperator;
  readonly evaluationPeriods: number;
  /** @default evaluationPeriods */
  readonly datapointsToAlarm?: number;
  /** @default NOT_BREACHING (no data: nothing to alarm on) */
  readonly treatMissingData?: cw.TreatMissingData;
  /** Converts the configured value to the metric's unit. @default identity */
  readonly scale?: (configured: number) => number;
}

/** One created alarm with its place in the catalogue. */
export interface PlatformAlarm {
  readonly name: AlarmName;
  readonly severity: Severity;
  /** Configured threshold (config unit, before `scale`). */
  readonly configured: number;
  readonly alarm: cw.Alarm;
}

export interface PlatformAlarmsProps {
  readonly environmentName: string;
  readonly thresholds: AlarmThresholds;
  /** Create a signal's warning alarm even when it has a critical one (config observability.warningAlongsideCritical). */
  readonly warningAlongsideCritical: boolean;
  /** max_connections of the database (base of the connection alarms). */
  readonly rdsMaxConnections: number;
  readonly resources: MonitoredResources;
  readonly metrics: PlatformMetrics;
  readonly topics: AlarmTopics;
}

/**
 * Every metric alarm of the platform (CL-OBS-2), one per configured severity, each sent to its severity's
 * topic on ALARM and OK.
 */
export class PlatformAlarms extends Construct {
  readonly alarms: PlatformAlarm[] = [];

  constructor(scope: Construct, id: string, private readonly props: PlatformAlarmsProps) {
    super(scope, id);
    for (const spec of alarmCatalogue(props)) this.add(spec);
  }

  /** Adds the alarms of one spec (one per severity with a threshold); used for alarms built elsewhere too (the canary). */
  add(spec: AlarmSpec): PlatformAlarm[] {
    const thresholds = this.props.thresholds[spec.name];
    const created: PlatformAlarm[] = [];
    for (const severity of SEVERITIES) {
      const configured = thresholds[severity];
      if (configured === undefined) continue;
      if (severity === 'warning' && thresholds.critical !== undefined && !this.props.warningAlongsideCritical) continue;
      const slug = [kebab(spec.name), spec.qualifier, severity].filter(Boolean).join('-');
      const alarm = new cw.Alarm(this, pascal(slug), {
        alarmName: `platform-${this.props.environmentName}-${slug}`,
        alarmDescription: `[${severity.toUpperCase()}] ${spec.meaning} Threshold ${configured} (config observability.alarms.${spec.name}.${severity}). Runbook: docs/runbook.md`,
        metric: spec.metric,
        threshold: spec.scale ? spec.scale(configured) : configured,
        comparisonOperator: spec.comparison,
        evaluationPeriods: spec.evaluationPeriods,
        datapointsToAlarm: spec.datapointsToAlarm ?? spec.evaluationPeriods,
        treatMissingData: spec.treatMissingData ?? cw.TreatMissingData.NOT_BREACHING,
      });
      this.props.topics.wire(alarm, severity);
      const entry = { name: spec.name, severity, configured, alarm };
      this.alarms.push(entry);
      created.push(entry);
    }
    return created;
  }

  /** The alarms of one kind and severity. */
  find(name: AlarmName, severity: Severity): cw.Alarm[] {
    return this.alarms.filter((a) => a.name === name && a.severity === severity).map((a) => a.alarm);
  }
}

function alarmCatalogue({ metrics: m, resources: r, rdsMaxConnections }: PlatformAlarmsProps): AlarmSpec[] {
  const fn = r.sessionCleanup.function;
  const fifteen = { period: Duration.minutes(15), statistic: 'Sum' };
  const specs: AlarmSpec[] = [
    { name: 'http5xxRatePercent', meaning: 'The load balancer returns 5xx for more than the threshold % of requests (target: < 0.1%).', metric: m.http5xxRatePercent(), comparison: ABOVE, evaluationPeriods: 3, datapointsToAlarm: 2 },
    { name: 'targetP99LatencyMs', meaning: 'The slowest 1% of responses take longer than the threshold (ms; target: 200 ms).', metric: m.targetLatency('p99'), comparison: ABOVE, evaluationPeriods: 3, scale: (ms) => ms / 1000 },
    { name: 'unhealthyHosts', meaning: 'Tasks fail the load balancer health check.', metric: m.unhealthyHosts(), comparison: AT_LEAST, evaluationPeriods: 5 },
    {
      name: 'healthyHostsBelow',
      meaning: 'Fewer healthy tasks than the minimum behind the load balancer: the service is (nearly) down.',
      metric: m.healthyHosts(),
      comparison: BELOW,
      evaluationPeriods: 3,
      // No data means no healthy target reported at all.
      treatMissingData: cw.TreatMissingData.BREACHING,
    },
    { name: 'ecsCpuPercent', meaning: 'The service\'s tasks run hot on CPU; autoscaling is at its maximum or too slow.', metric: m.ecsCpu(), comparison: ABOVE, evaluationPeriods: 3 },
    { name: 'ecsMemoryPercent', meaning: 'The service\'s tasks are close to their memory limit (OOM kills follow).', metric: m.ecsMemory(), comparison: ABOVE, evaluationPeriods: 3 },
    { name: 'ecsMissingTasks', meaning: 'Fewer tasks run than desired for 15 minutes: tasks crash or cannot be placed.', metric: m.ecsMissingTasks(), comparison: AT_LEAST, evaluationPeriods: 3 },
    { name: 'rdsCpuPercent', meaning: 'The database CPU is saturated.', metric: m.rds('CPUUtilization', 'Average'), comparison: ABOVE, evaluationPeriods: 3 },
    { name: 'rdsFreeStorageGiB', meaning: 'The database is running out of storage (GiB free).', metric: m.rds('FreeStorageSpace', 'Minimum'), comparison: BELOW, evaluationPeriods: 1, scale: (gib) => gib * GIB },
    { name: 'rdsFreeableMemoryMiB', meaning: 'The database is running out of memory (MiB freeable).', metric: m.rds('FreeableMemory', 'Minimum'), comparison: BELOW, evaluationPeriods: 3, scale: (mib) => mib * MIB },
    {
      name: 'rdsConnectionsPercent',
      meaning: `Database connections are near max_connections (${rdsMaxConnections}); new connections will be refused.`,
      metric: m.rds('DatabaseConnections', 'Maximum'),
      comparison: AT_LEAST,
      evaluationPeriods: 2,
      scale: (pct) => Math.floor((rdsMaxConnections * pct) / 100),
    },
    ...(r.database.readReplicaIdentifiers ?? []).map(
      (replica, i): AlarmSpec => ({
        name: 'rdsReplicaLagSeconds',
        qualifier: `replica-${i + 1}`,
        meaning: `Read replica ${replica} lags behind the primary (seconds).`,
        metric: m.rds('ReplicaLag', 'Maximum', replica),
        comparison: ABOVE,
        evaluationPeriods: 3,
      }),
    ),
    { name: 'proxyClientConnections', meaning: 'Client connections to the RDS Proxy are unusually high (connection leak or pool misconfiguration).', metric: m.proxyClientConnections(), comparison: ABOVE, evaluationPeriods: 3 },
    { name: 'redisEngineCpuPercent', meaning: 'The Redis engine thread is saturated (max over nodes).', metric: m.redis('EngineCPUUtilization', 'Average', 'MAX'), comparison: ABOVE, evaluationPeriods: 3 },
    { name: 'redisMemoryPercent', meaning: 'Redis memory is near maxmemory (max over nodes); evictions follow.', metric: m.redis('DatabaseMemoryUsagePercentage', 'Maximum', 'MAX'), comparison: ABOVE, evaluationPeriods: 3 },
    { name: 'redisEvictions', meaning: 'Redis evicts keys: session or rate-limit data is being lost.', metric: m.redis('Evictions', 'Sum', 'SUM'), comparison: AT_LEAST, evaluationPeriods: 1 },
    // Only with replicas: a lone primary publishes no ReplicationLag, so the alarm could never fire.
    ...(r.cache.memberClusterIds.length > 1
      ? [{ name: 'redisReplicationLagSeconds', meaning: 'A Redis replica lags behind the primary (seconds); a failover would lose writes.', metric: m.redis('ReplicationLag', 'Maximum', 'MAX'), comparison: ABOVE, evaluationPeriods: 3 } satisfies AlarmSpec]
      : []),
    { name: 'wafBlockedRequests', meaning: 'A spike of requests blocked by the WAF: an attack or a false positive blocking users.', metric: m.waf('BlockedRequests'), comparison: AT_LEAST, evaluationPeriods: 1 },
    { name: 'wafAuthRateBlocks', meaning: 'The authentication-path rate rule blocks clients: credential stuffing or brute force (CL-WAF-2).', metric: m.wafAuthRateBlocks(), comparison: AT_LEAST, evaluationPeriods: 1 },
    { name: 'cleanupErrors', meaning: 'The session-cleanup run failed (CL-SES-1).', metric: fn.metricErrors(fifteen), comparison: AT_LEAST, evaluationPeriods: 1 },
    { name: 'cleanupThrottles', meaning: 'Session-cleanup invocations were throttled (a run overlapped the previous one).', metric: fn.metricThrottles(fifteen), comparison: AT_LEAST, evaluationPeriods: 1 },
    {
      name: 'cleanupDurationPercentOfTimeout',
      meaning: `Session-cleanup runs close to their ${r.sessionCleanup.timeoutSeconds} s timeout: the backlog outgrows a run.`,
      metric: fn.metricDuration({ period: Duration.minutes(15), statistic: 'Maximum' }),
      comparison: AT_LEAST,
      evaluationPeriods: 2,
      scale: (pct) => (r.sessionCleanup.timeoutSeconds * 1000 * pct) / 100,
    },
    {
      name: 'cleanupBacklogRows',
      meaning: 'The session-cleanup backlog has stayed above the threshold for 3 hours: the job is not catching up.',
      metric: m.cleanup('Backlog', 'Minimum', Duration.hours(1)),
      comparison: ABOVE,
      evaluationPeriods: 3,
    },
    ...deadLetters('cleanupDeadLetters', 'Failed session-cleanup invocations are waiting in the dead-letter queue.', r.sessionCleanup.deadLetterQueue),
    { name: 'drillExecutionsFailed', meaning: 'The restore drill failed: backups may not be restorable (CL-DB-3).', metric: m.drillExecutionsFailed(), comparison: AT_LEAST, evaluationPeriods: 1 },
    { name: 'drillSucceededBelow', meaning: 'The restore drill reported a failed restore or verification (DrillSucceeded = 0).', metric: m.drill('DrillSucceeded', 'Minimum'), comparison: BELOW, evaluationPeriods: 1 },
    { name: 'drillRestoreDurationSeconds', meaning: 'The restore drill took longer than the recovery-time target (RTO, seconds).', metric: m.drill('RestoreDurationSeconds', 'Maximum'), comparison: ABOVE, evaluationPeriods: 1 },
    { name: 'drillDataAgeSeconds', meaning: 'The restored data was older than the recovery-point target (RPO, seconds).', metric: m.drill('DataAgeSeconds', 'Maximum'), comparison: ABOVE, evaluationPeriods: 1 },
    ...deadLetters('drillDeadLetters', 'EventBridge could not start the scheduled restore drill: the start is in the schedule\'s dead-letter queue (CL-DB-3).', r.restoreDrill.deadLetterQueue),
    ...deadLetters(
      'redeployDeadLetters',
      'EventBridge could not start the redeploy after a secret rotation: the tasks still hold the previous secret values (CL-SEC-2).',
      r.redeployOnRotation?.deadLetterQueue,
    ),
  ];
  return specs;
}

/** The alarm on a dead-letter queue holding any message, if there is the queue. */
function deadLetters(name: AlarmName, meaning: string, queue: DeadLetterQueue | undefined): AlarmSpec[] {
  return queue ? [{ name, meaning, metric: queue.metricDeadLetters(), comparison: AT_LEAST, evaluationPeriods: 1 }] : [];
}

/** `rdsFreeStorageGiB` -> `rds-free-storage-gib` (units stay one word). */
function kebab(camel: string): string {
  return camel
    .replace(/[GM]iB/g, (unit) => unit.charAt(0) + unit.slice(1).toLowerCase())
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();
}

function pascal(slug: string): string {
  return slug
    .split(/[^A-Za-z0-9]+/)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
}
