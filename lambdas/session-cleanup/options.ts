// Options of the session-cleanup job (CL-SES-1): defaults and validation.
// No runtime dependencies on purpose: the CDK config imports this module to validate the job's
// table/column names and numbers at synth time, so a bad CLEANUP_OPTIONS never reaches a deploy.

/** Names of the tables and columns the job touches; every one is a plain SQL identifier (always double-quoted). */
export interface CleanupNames {
  /** Schema holding the tables. */
  schema: string;
  sessionsTable: string;
  /** Primary key of the sessions table; only the tie-breaker when two sessions of a user share created_at. */
  sessionIdColumn: string;
  sessionUserIdColumn: string;
  sessionExpiresColumn: string;
  sessionCreatedAtColumn: string;
  sessionRevokedAtColumn: string;
  verificationTokensTable: string;
  verificationTokenExpiresColumn: string;
  auditLogsTable: string;
  auditLogCreatedAtColumn: string;
}

export interface CleanupOptions extends CleanupNames {
  /** Rule 1: sessions whose expiry is older than expiredGraceSeconds. */
  deleteExpired: boolean;
  /** Rule 2: revoked sessions revoked longer ago than revokedRetentionSeconds. */
  deleteRevoked: boolean;
  /** Rule 3: per user, sessions beyond the newest maxSessionsPerUser (by created_at) that are not live. */
  deleteOverflow: boolean;
  /** Rule 4: verification tokens expired longer ago than verificationTokenGraceSeconds. */
  deleteExpiredVerificationTokens: boolean;
  /** Rule 5: audit-log rows older than auditLogRetentionSeconds. */
  deleteOldAuditLogs: boolean;
  expiredGraceSeconds: number;
  revokedRetentionSeconds: number;
  maxSessionsPerUser: number;
  verificationTokenGraceSeconds: number;
  auditLogRetentionSeconds: number;
  /**
   * How simple rules find their rows: 'index' walks the rule's index; 'blocks' sweeps the table in physical
   * block ranges (PostgreSQL 14+), cheaper when a large share of it is deletable; 'auto' picks per rule from
   * the planner's estimate.
   */
  scanStrategy: 'auto' | 'index' | 'blocks';
  /** Most rows deleted per transaction. */
  batchSize: number;
  /**
   * Batches are resized as the run goes so one takes about this long (well under the 250 ms goal for the
   * longest transaction; see bench/session-cleanup.bench.ts), within batchSize.
   */
  targetBatchMs: number;
  /** Sessions (index entries) read per statement while looking for users over maxSessionsPerUser; > maxSessionsPerUser. */
  overflowScanChunk: number;
  /** SET LOCAL lock_timeout of every batch: a batch waiting on the app's locks gives up instead of queueing it. */
  lockTimeoutMs: number;
  /** SET LOCAL statement_timeout of every statement. */
  statementTimeoutMs: number;
  /** Backlog counts stop at this many rows per rule, so counting stays cheap. */
  backlogCountCap: number;
  /** No new batch starts when less than this much time remains before the deadline. */
  safetyMarginMs: number;
  /** Absolute deadline (epoch ms). */
  deadline?: number;
  /** Time left in ms (e.g. Lambda's context.getRemainingTimeInMillis); wins over deadline when both are set. */
  remainingTimeMs?: () => number;
}

const DAY_SECONDS = 24 * 60 * 60;

export const DEFAULT_CLEANUP_OPTIONS: Readonly<CleanupOptions> = Object.freeze({
  schema: 'public',
  sessionsTable: 'sessions',
  sessionIdColumn: 'id',
  sessionUserIdColumn: 'user_id',
  sessionExpiresColumn: 'expires',
  sessionCreatedAtColumn: 'created_at',
  sessionRevokedAtColumn: 'revoked_at',
  verificationTokensTable: 'verification_tokens',
  verificationTokenExpiresColumn: 'expires',
  auditLogsTable: 'audit_logs',
  auditLogCreatedAtColumn: 'created_at',
  deleteExpired: true,
  deleteRevoked: true,
  deleteOverflow: true,
  deleteExpiredVerificationTokens: true,
  deleteOldAuditLogs: true,
  expiredGraceSeconds: 0,
  revokedRetentionSeconds: 7 * DAY_SECONDS,
  maxSessionsPerUser: 100,
  verificationTokenGraceSeconds: 0,
  auditLogRetentionSeconds: 90 * DAY_SECONDS,
  scanStrategy: 'auto',
  batchSize: 50_000,
  targetBatchMs: 50,
  overflowScanChunk: 20_000,
  lockTimeoutMs: 1_000,
  statementTimeoutMs: 10_000,
  backlogCountCap: 100_000,
  safetyMarginMs: 10_000,
});

/** A PostgreSQL identifier we are willing to quote into SQL: letters, digits, _ and $, at most 63 bytes. */
export const IDENTIFIER_PATTERN = /^[a-z_][a-z0-9_$]{0,62}$/i;

const NAME_FIELDS: ReadonlyArray<keyof CleanupNames> = [
  'schema', 'sessionsTable', 'sessionIdColumn', 'sessionUserIdColumn', 'sessionExpiresColumn',
  'sessionCreatedAtColumn', 'sessionRevokedAtColumn', 'verificationTokensTable', 'verificationTokenExpiresColumn',
  'auditLogsTable', 'auditLogCreatedAtColumn',
];
type BooleanField = 'deleteExpired' | 'deleteRevoked' | 'deleteOverflow' | 'deleteExpiredVerificationTokens' | 'deleteOldAuditLogs';
const BOOLEAN_FIELDS: ReadonlyArray<BooleanField> = [
  'deleteExpired', 'deleteRevoked', 'deleteOverflow', 'deleteExpiredVerificationTokens', 'deleteOldAuditLogs',
];
/** Integer fields with their allowed range; grace periods may be negative (the live-session guard still holds). */
const INTEGER_FIELDS: Readonly<Record<string, readonly [number, number]>> = {
  expiredGraceSeconds: [-365 * DAY_SECONDS, 3650 * DAY_SECONDS],
  revokedRetentionSeconds: [0, 3650 * DAY_SECONDS],
  maxSessionsPerUser: [1, 1_000_000],
  verificationTokenGraceSeconds: [-365 * DAY_SECONDS, 3650 * DAY_SECONDS],
  // At least a day, like the CDK config's auditLogRetentionDays: 0 would delete the audit trail as it is written.
  auditLogRetentionSeconds: [DAY_SECONDS, 36500 * DAY_SECONDS],
  batchSize: [1, 100_000],
  targetBatchMs: [1, 60_000],
  overflowScanChunk: [1, 10_000_000],
  lockTimeoutMs: [1, 600_000],
  statementTimeoutMs: [1, 3_600_000],
  backlogCountCap: [1, 100_000_000],
  safetyMarginMs: [0, 3_600_000],
};
const SCAN_STRATEGIES: readonly string[] = ['auto', 'index', 'blocks'];
const KNOWN_FIELDS = new Set<string>([
  ...NAME_FIELDS, ...BOOLEAN_FIELDS, ...Object.keys(INTEGER_FIELDS), 'scanStrategy', 'deadline', 'remainingTimeMs',
]);

export class CleanupOptionsError extends Error {
  override readonly name = 'CleanupOptionsError';
}

/**
 * Merges `input` over DEFAULT_CLEANUP_OPTIONS and checks every field, throwing a CleanupOptionsError that
 * names each offending field and the fix. Unknown fields are refused too: a typo must not silently fall
 * back to a default.
 */
export function validateCleanupOptions(input: unknown = {}): CleanupOptions {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new CleanupOptionsError('cleanup options must be an object (JSON like {"batchSize": 2000}), got ' + describe(input));
  }
  const given = input as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(given)) {
    if (!KNOWN_FIELDS.has(key)) problems.push(`unknown option "${key}"; known options: ${[...KNOWN_FIELDS].join(', ')}`);
  }
  const merged: Record<string, unknown> = { ...DEFAULT_CLEANUP_OPTIONS };
  for (const [key, value] of Object.entries(given)) if (value !== undefined) merged[key] = value;

  for (const field of NAME_FIELDS) {
    const value = merged[field];
    if (typeof value !== 'string' || !IDENTIFIER_PATTERN.test(value)) {
      problems.push(`${field} must be a plain SQL identifier matching ${IDENTIFIER_PATTERN} (letters, digits, _ or $, `
        + `not starting with a digit, at most 63 characters), got ${describe(value)}`);
    }
  }
  for (const field of BOOLEAN_FIELDS) {
    if (typeof merged[field] !== 'boolean') problems.push(`${field} must be true or false, got ${describe(merged[field])}`);
  }
  for (const [field, [min, max]] of Object.entries(INTEGER_FIELDS)) {
    const value = merged[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      problems.push(`${field} must be an integer from ${min} to ${max}, got ${describe(value)}`);
    }
  }
  if (!SCAN_STRATEGIES.includes(merged.scanStrategy as string)) {
    problems.push(`scanStrategy must be one of ${SCAN_STRATEGIES.map((v) => `"${v}"`).join(', ')}, got ${describe(merged.scanStrategy)}`);
  }
  if (typeof merged.overflowScanChunk === 'number' && typeof merged.maxSessionsPerUser === 'number'
    && merged.overflowScanChunk <= merged.maxSessionsPerUser) {
    problems.push(`overflowScanChunk (${merged.overflowScanChunk}) must be larger than maxSessionsPerUser (${merged.maxSessionsPerUser})`);
  }
  if (merged.deadline !== undefined && (typeof merged.deadline !== 'number' || !Number.isFinite(merged.deadline))) {
    problems.push(`deadline must be an epoch time in milliseconds, got ${describe(merged.deadline)}`);
  }
  if (merged.remainingTimeMs !== undefined && typeof merged.remainingTimeMs !== 'function') {
    problems.push(`remainingTimeMs must be a function returning milliseconds left, got ${describe(merged.remainingTimeMs)}`);
  }
  if (problems.length > 0) throw new CleanupOptionsError(`invalid cleanup options:\n- ${problems.join('\n- ')}`);
  return merged as unknown as CleanupOptions;
}

function describe(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json.length > 80 ? `${json.slice(0, 77)}...` : json;
}
