import { z } from 'zod';
import { CleanupOptionsError, DEFAULT_CLEANUP_OPTIONS, IDENTIFIER_PATTERN, validateCleanupOptions } from '../../lambdas/session-cleanup/options';
import { logRetentionDays } from './common';

const DAY_SECONDS = 86_400;
const D = DEFAULT_CLEANUP_OPTIONS;

/**
 * EventBridge schedule expression: `rate(<n> minute(s)|hour(s)|day(s))` or `cron(<6 fields>)` (UTC).
 * Validated here so a typo fails at synth with the field named, not at deploy.
 */
export const scheduleExpression = z
  .string()
  .refine((s) => parseRate(s) !== undefined || /^cron\((\S+\s+){5}\S+\)$/.test(s), {
    message: 'must be an EventBridge schedule such as "rate(15 minutes)" or "cron(0 3 1 * ? *)"',
  });

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const UNIT_MINUTES: Record<string, number> = { minute: 1, hour: 60, day: 1440 };

/** Minutes between runs of a `rate(...)` expression; undefined for cron or malformed input (and for `rate(1 minutes)`-style mistakes). */
export function parseRate(expression: string): number | undefined {
  const match = RATE.exec(expression);
  if (!match) return undefined;
  const value = Number(match[1]);
  const unit = match[2].replace(/s$/, '');
  // EventBridge rejects "rate(1 minutes)" and "rate(5 minute)": singular for 1, plural otherwise.
  if (value < 1 || (value === 1) !== (match[2] === unit)) return undefined;
  return value * UNIT_MINUTES[unit];
}

/** A plain SQL identifier the job double-quotes into its statements, checked with the job's own pattern (CL-SES-1). */
const identifier = (fallback: string) =>
  z
    .string()
    .regex(IDENTIFIER_PATTERN, 'must be a plain SQL identifier: letters, digits, _ or $, not starting with a digit, at most 63 characters')
    .default(fallback);

/** Table and column names of the sessions schema (Auth.js/Prisma tables mapped to snake_case). @default the Auth.js defaults */
export const cleanupNamesSchema = z.strictObject({
  /** The app schema the db-bootstrap creates; must equal database.bootstrap.schema. @default app */
  schema: identifier('app'),
  sessionsTable: identifier(D.sessionsTable),
  sessionIdColumn: identifier(D.sessionIdColumn),
  sessionUserIdColumn: identifier(D.sessionUserIdColumn),
  sessionExpiresColumn: identifier(D.sessionExpiresColumn),
  sessionCreatedAtColumn: identifier(D.sessionCreatedAtColumn),
  sessionRevokedAtColumn: identifier(D.sessionRevokedAtColumn),
  verificationTokensTable: identifier(D.verificationTokensTable),
  verificationTokenExpiresColumn: identifier(D.verificationTokenExpiresColumn),
  auditLogsTable: identifier(D.auditLogsTable),
  auditLogCreatedAtColumn: identifier(D.auditLogCreatedAtColumn),
});

/** The scheduled session-cleanup Lambda (CL-SES-1). */
export const sessionCleanupSchema = z.strictObject({
  /** How often the job runs (EventBridge expression, UTC); prod must run at least every 15 minutes. @default rate(15 minutes) */
  schedule: scheduleExpression.default('rate(15 minutes)'),
  /** Lambda timeout in seconds; the job stops starting batches shortly before it and reports the backlog. @default 300 */
  timeoutSeconds: z.number().int().min(30).max(900).default(300),
  /** Lambda memory in MiB. @default 256 */
  memoryMiB: z.number().int().min(128).max(10240).default(256),
  /**
   * Concurrent executions reserved for the function. Leave unset in a new account: its Lambda concurrency quota can
   * be 10, and Lambda refuses a reservation that leaves fewer than 10 unreserved, failing the deploy. Once the
   * quota is raised, set it (1 suffices: runs take an advisory lock) to satisfy the packs' LambdaConcurrency rule.
   * @default unset (the finding is acknowledged)
   */
  reservedConcurrency: z.number().int().min(1).max(1000).optional(),
  /** Most rows deleted per transaction (each batch is its own short transaction, sized to about 50 ms). @default 50000 */
  batchSize: z.number().int().min(1).max(100_000).default(D.batchSize),
  /** Sessions are deletable this many seconds after `expires` (0: as soon as expired). @default 0 */
  expiredGraceSeconds: z.number().int().min(0).default(D.expiredGraceSeconds),
  /** Revoked sessions are kept this many days after `revoked_at`. @default 7 */
  revokedRetentionDays: z.number().int().min(0).max(3650).default(D.revokedRetentionSeconds / DAY_SECONDS),
  /** Per user, non-live sessions beyond the newest N (by created_at) are deleted. @default 100 */
  maxSessionsPerUser: z.number().int().min(1).max(1_000_000).default(D.maxSessionsPerUser),
  /** Audit-log rows older than this many days are deleted. @default 90 */
  auditLogRetentionDays: z.number().int().min(1).max(36500).default(D.auditLogRetentionSeconds / DAY_SECONDS),
  /** Table and column names (validated identifiers). */
  names: cleanupNamesSchema.prefault({}),
  /** CloudWatch namespace of the job's embedded-metric-format metrics. @default Platform/SessionCleanup */
  metricsNamespace: z.string().regex(/^[A-Za-z0-9./#:_-]{1,255}$/, 'must be a CloudWatch namespace such as Platform/SessionCleanup').default('Platform/SessionCleanup'),
  /** Days the function's log group keeps its logs (CL-OBS-1); prod >= 365. @default 90 */
  logRetentionDays: logRetentionDays.default(90),
})
  // The job validates CLEANUP_OPTIONS again at cold start; checking here too keeps a bad value from ever deploying.
  .check((ctx) => {
    try {
      validateCleanupOptions(cleanupOptionsFromConfig(ctx.value));
    } catch (error) {
      if (!(error instanceof CleanupOptionsError)) throw error;
      ctx.issues.push({ code: 'custom', input: ctx.value, message: `the resulting CLEANUP_OPTIONS are invalid: ${error.message}` });
    }
  });

export type SessionCleanupConfig = z.output<typeof sessionCleanupSchema>;

/** The JSON the function reads from CLEANUP_OPTIONS: table/column names and rule intervals from config. */
export function cleanupOptionsFromConfig(
  config: Pick<SessionCleanupConfig, 'names' | 'batchSize' | 'expiredGraceSeconds' | 'revokedRetentionDays' | 'maxSessionsPerUser' | 'auditLogRetentionDays'>,
): Record<string, string | number> {
  return {
    ...config.names,
    batchSize: config.batchSize,
    expiredGraceSeconds: config.expiredGraceSeconds,
    revokedRetentionSeconds: config.revokedRetentionDays * DAY_SECONDS,
    maxSessionsPerUser: config.maxSessionsPerUser,
    auditLogRetentionSeconds: config.auditLogRetentionDays * DAY_SECONDS,
  };
}
