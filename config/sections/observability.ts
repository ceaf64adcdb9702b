import { z } from 'zod';
import { logRetentionDays } from './common';
import { scheduleExpression } from './session-cleanup';

/**
 * Alarm severities. `critical` pages (users are or will shortly be affected: act now); `warning` informs
 * (needs attention within working hours). Each has its own SNS topic so a pager subscribes to critical only.
 */
export const SEVERITIES = ['critical', 'warning'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * Thresholds of one alarm per severity; a severity left out gets no alarm. Giving the object replaces the
 * default whole (so `{ critical: 2 }` drops the default warning).
 */
const thresholds = (defaults: Partial<Record<Severity, number>>, bounds: { min?: number; max?: number } = {}) => {
  let value = z.number();
  if (bounds.min !== undefined) value = value.min(bounds.min);
  if (bounds.max !== undefined) value = value.max(bounds.max);
  return z
    .strictObject({ critical: value.optional(), warning: value.optional() })
    .default(defaults as { critical?: number; warning?: number });
};
const percent = (defaults: Partial<Record<Severity, number>>) => thresholds(defaults, { min: 0, max: 100 });
const positive = (defaults: Partial<Record<Severity, number>>) => thresholds(defaults, { min: 0 });

export type SeverityThresholds = Partial<Record<Severity, number>>;

/**
 * Alarm thresholds (CL-OBS-2). Defaults follow the seeds' targets (002 "Performance Thresholds": API
 * responses < 200 ms, error rate < 0.1%, uptime > 99.9%): missing a target warns, missing it by far pages.
 */
export const alarmThresholdsSchema = z.strictObject({
  /** ALB 5xx responses (ELB + targets) as % of requests, per 5 minutes. @default warning 0.1, critical 1 */
  http5xxRatePercent: percent({ warning: 0.1, critical: 1 }),
  /** Target response time p99 in milliseconds, per 5 minutes. @default warning 200, critical 1000 */
  targetP99LatencyMs: positive({ warning: 200, critical: 1000 }),
  /** Unhealthy targets (max per minute, 5 minutes in a row). @default warning 1 */
  unhealthyHosts: positive({ warning: 1 }),
  /** Healthy targets below this (min per minute, 3 minutes in a row). @default critical 1 */
  healthyHostsBelow: positive({ critical: 1 }),
  /** ECS service CPU utilization %, 15 minutes. @default warning 80, critical 95 */
  ecsCpuPercent: percent({ warning: 80, critical: 95 }),
  /** ECS service memory utilization %, 15 minutes. @default warning 80, critical 95 */
  ecsMemoryPercent: percent({ warning: 80, critical: 95 }),
  /** Desired minus running tasks (Container Insights), 15 minutes in a row. @default warning 1 */
  ecsMissingTasks: positive({ warning: 1 }),
  /** RDS CPU %, 15 minutes. @default warning 80, critical 95 */
  rdsCpuPercent: percent({ warning: 80, critical: 95 }),
  /** RDS free storage in GiB (below). @default warning 10, critical 2 */
  rdsFreeStorageGiB: positive({ warning: 10, critical: 2 }),
  /** RDS freeable memory in MiB (below). @default warning 256, critical 64 */
  rdsFreeableMemoryMiB: positive({ warning: 256, critical: 64 }),
  /** RDS connections as % of `rdsMaxConnections`. @default warning 80, critical 95 */
  rdsConnectionsPercent: percent({ warning: 80, critical: 95 }),
  /** Read-replica lag in seconds, only where replicas exist. @default warning 30, critical 300 */
  rdsReplicaLagSeconds: positive({ warning: 30, critical: 300 }),
  /** RDS Proxy client connections (max per 5 minutes). @default warning 500 */
  proxyClientConnections: positive({ warning: 500 }),
  /** Redis engine CPU % (max over nodes). @default warning 80, critical 95 */
  redisEngineCpuPercent: percent({ warning: 80, critical: 95 }),
  /** Redis memory used % of maxmemory (max over nodes). @default warning 80, critical 90 */
  redisMemoryPercent: percent({ warning: 80, critical: 90 }),
  /** Redis evictions per 5 minutes (sum over nodes): an evicted session key logs a user out. @default warning 1, critical 100 */
  redisEvictions: positive({ warning: 1, critical: 100 }),
  /** Redis replication lag in seconds (max over replicas). @default warning 5, critical 30 */
  redisReplicationLagSeconds: positive({ warning: 5, critical: 30 }),
  /** WAF blocked requests per 5 minutes (all rules). @default warning 1000 */
  wafBlockedRequests: positive({ warning: 1000 }),
  /** Requests blocked by the auth-path rate rule per 5 minutes: someone is hammering the login. @default warning 1 */
  wafAuthRateBlocks: positive({ warning: 1 }),
  /** Cleanup Lambda errors per run window (15 minutes). @default warning 1 */
  cleanupErrors: positive({ warning: 1 }),
  /** Cleanup Lambda throttles per 15 minutes (overlapping runs). @default warning 1 */
  cleanupThrottles: positive({ warning: 1 }),
  /** Cleanup Lambda max duration as % of its timeout. @default warning 80 */
  cleanupDurationPercentOfTimeout: percent({ warning: 80 }),
  /** Cleanup backlog rows (lowest value of each hour, 3 hours in a row): the job is not catching up. @default warning 10000 */
  cleanupBacklogRows: positive({ warning: 10_000 }),
  /** Messages in the cleanup dead-letter queue (failed runs). @default warning 1 */
  cleanupDeadLetters: positive({ warning: 1 }),
  /** Messages in the restore-drill schedule's dead-letter queue (drill starts EventBridge could not deliver). @default warning 1 */
  drillDeadLetters: positive({ warning: 1 }),
  /** Messages in the rotation redeploy's dead-letter queue (redeploys EventBridge could not deliver). @default warning 1 */
  redeployDeadLetters: positive({ warning: 1 }),
  /** Failed restore-drill executions per day. @default warning 1 */
  drillExecutionsFailed: positive({ warning: 1 }),
  /** Restore drill result (DrillSucceeded metric, 1 = verified) below this in a day. @default warning 1 */
  drillSucceededBelow: positive({ warning: 1 }),
  /** Restore duration measured by the drill (RTO), in seconds. @default warning 7200 */
  drillRestoreDurationSeconds: positive({ warning: 7200 }),
  /** Data age at restore measured by the drill (RPO), in seconds. @default warning 900 */
  drillDataAgeSeconds: positive({ warning: 900 }),
  /** Uptime canary success % per 5 minutes, 2 runs in a row (uptime target 99.9%). @default critical 99.9 */
  canarySuccessPercent: percent({ critical: 99.9 }),
});
export type AlarmThresholds = z.output<typeof alarmThresholdsSchema>;
export type AlarmName = keyof AlarmThresholds;

/**
 * Settings of a scheduled restore drill: the monthly point-in-time drill (`observability.restoreDrill`) and the
 * quarterly drill of the off-region copies (`disasterRecovery.drill`) share them, with their own defaults.
 */
export function restoreDrillSchema(defaults: { schedule: string; metricsNamespace: string }) {
  return z
    .strictObject({
      /** When the drill runs (EventBridge expression, UTC). @default per drill (see its field) */
      schedule: scheduleExpression.default(defaults.schedule),
      /** Instance class of the temporary restored instance. @default db.t4g.medium */
      instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, 'must be an RDS instance class such as db.t4g.medium').default('db.t4g.medium'),
      /** First wait between status polls, in seconds; doubled after each poll. @default 60 */
      initialWaitSeconds: z.number().int().min(10).max(3600).default(60),
      /** Longest wait between polls, in seconds. @default 300 */
      maxWaitSeconds: z.number().int().min(10).max(3600).default(300),
      /** Polls before the drill gives up and fails (cleanup still runs). @default 30 */
      maxPolls: z.number().int().min(1).max(500).default(30),
      /** CloudWatch namespace of the drill's metrics (RestoreDurationSeconds, DataAgeSeconds, DrillSucceeded). @default per drill */
      metricsNamespace: z.string().regex(/^[A-Za-z0-9./#:_-]{1,255}$/, 'must be a CloudWatch namespace').default(defaults.metricsNamespace),
    })
    .refine((d) => d.initialWaitSeconds <= d.maxWaitSeconds, { message: 'must not exceed maxWaitSeconds', path: ['initialWaitSeconds'] })
    .prefault({});
}

/** Alarms, dashboard, uptime canary and restore drill (CL-OBS-2, CL-OBS-3, CL-DB-3). */
export const observabilitySchema = z.strictObject({
  /** E-mail addresses subscribed to each severity's topic. @default none */
  alarmEmails: z
    .strictObject({
      critical: z.array(z.email('must be an e-mail address')).default([]),
      warning: z.array(z.email('must be an e-mail address')).default([]),
    })
    .prefault({}),
  /** Thresholds per alarm and severity. */
  alarms: alarmThresholdsSchema.prefault({}),
  /**
   * Also create the warning alarm of a signal that has a critical one. false: the critical alarm alone, one
   * alarm fewer per such signal ($0.10 a month per metric it reads); the warning level is then only seen on the
   * dashboard. Signals with a warning alone keep it. For an environment nobody watches at warning level
   * (dev: its topics have no subscribers). @default true
   */
  warningAlongsideCritical: z.boolean().default(true),
  /** max_connections of the database, the base of `alarms.rdsConnectionsPercent`. @default 100 */
  rdsMaxConnections: z.number().int().min(1).default(100),
  /** External uptime check (CL-OBS-3). */
  canary: z
    .strictObject({
      /** Public host name of the service; no canary when unset (e.g. dev without a domain). @default none */
      domain: z
        .string()
        .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a DNS host name such as app.example.com (no scheme, no path)')
        .optional(),
      /** Path of the health endpoint. @default /api/health */
      healthPath: z.string().regex(/^\/[A-Za-z0-9._~/-]*$/, 'must be a URL path starting with /').default('/api/health'),
      /** Minutes between checks. @default 5 */
      intervalMinutes: z.number().int().min(1).max(60).default(5),
      /** Days canary artifacts (screenshots, logs) are kept in their bucket. @default 30 */
      artifactRetentionDays: z.number().int().min(1).max(455).default(30),
    })
    .prefault({}),
  /**
   * Scheduled point-in-time restore drill in the environment's region (CL-DB-3).
   * @default schedule cron(0 3 1 * ? *) (03:00 UTC on the 1st of each month), metricsNamespace Platform/RestoreDrill
   */
  restoreDrill: restoreDrillSchema({ schedule: 'cron(0 3 1 * ? *)', metricsNamespace: 'Platform/RestoreDrill' }),
  /** Days the monitoring, canary and drill log groups keep their logs (CL-OBS-1); prod >= 365. @default 90 */
  logRetentionDays: logRetentionDays.default(90),
});

export type ObservabilityConfig = z.output<typeof observabilitySchema>;
