// Session cleanup core (CL-SES-1): deletes expired, revoked and per-user overflow sessions, expired
// verification tokens and old audit-log rows, in small independent transactions, never touching a live
// session. Takes a connected pg client so tests drive it against a real PostgreSQL.
import type { ClientBase, QueryResult } from 'pg';
import { CleanupOptions, validateCleanupOptions } from './options';

export type { CleanupOptions } from './options';
export { CleanupOptionsError, DEFAULT_CLEANUP_OPTIONS, validateCleanupOptions } from './options';

/**
 * Key of the session-level advisory lock that keeps two runs from overlapping (pg_try_advisory_lock).
 * Fixed and documented in docs/session-cleanup.md so an operator can see or hold it (pg_locks.objid).
 */
export const CLEANUP_ADVISORY_LOCK_KEY = '7215400001';

export type CleanupRule = 'expired' | 'revoked' | 'overflow' | 'verificationTokens' | 'auditLogs';
export const CLEANUP_RULES: readonly CleanupRule[] = ['expired', 'revoked', 'overflow', 'verificationTokens', 'auditLogs'];

export interface BacklogCount {
  /** Rows still matching the rule when the run ended. */
  rows: number;
  /** True when counting stopped at backlogCountCap (or, for overflow, after reading that many sessions): rows is a lower bound. */
  capped: boolean;
}

export interface CleanupReport {
  deleted: Record<CleanupRule, number>;
  /** Delete transactions committed. */
  batches: number;
  durationMs: number;
  /** Per enabled and present rule, what is left; a rule stopped by the deadline or a lock timeout shows here. */
  backlog: Partial<Record<CleanupRule, BacklogCount>>;
  stoppedForDeadline: boolean;
  /** Another run held the advisory lock: nothing was done. */
  skippedForLock: boolean;
  /** e.g. a missing index a rule needs, or a rule stopped by lock_timeout. */
  warnings: string[];
  /** Rules not run because their optional table does not exist. */
  skipped: Array<{ rule: CleanupRule; reason: string }>;
  /** Longest transaction of the run (each batch, scan or count is one). */
  maxTransactionMs: number;
  /** How each simple rule that ran found its rows (see scanStrategy). */
  scans: Partial<Record<CleanupRule, 'index' | 'blocks'>>;
}

const LOCK_NOT_AVAILABLE = '55P03';
/** Sweep by block ranges when the planner expects at least this share of the table to match. */
const SWEEP_MIN_SHARE = 0.05;
const SWEEP_FIRST_BLOCKS = 64;
const BATCH_FIRST_ROWS = 1000;
/** At most 8 MB of heap per sweep batch, however sparse the matching rows. */
const SWEEP_MAX_BLOCKS = 1024;
/** A one-rule sweep may stop early only when its column follows the heap order at least this closely (pg_stats). */
const EARLY_STOP_MIN_CORRELATION = 0.5;
/** statement_timeout of the count that allows an early stop: past it the sweep just runs to the end. */
const EARLY_STOP_COUNT_MS = 150;
const QUERY_CANCELED = '57014';
/** lock_timeout of a sweep batch's plain DELETE: below deadlock_timeout (1 s), so waiting on the app never deadlocks it. */
const SWEEP_LOCK_WAIT_MS = 50;

/** Runs the enabled cleanup rules once. Throws on invalid options before sending any SQL. */
export async function cleanupSessions(client: ClientBase, options: Partial<CleanupOptions> = {}): Promise<CleanupReport> {
  const opts = validateCleanupOptions(options);
  const run = new CleanupRun(client, opts);
  return run.execute();
}

const q = (identifier: string): string => `"${identifier}"`;

interface Plan {
  sessions: string;
  verificationTokens?: string;
  auditLogs?: string;
  userIdType: string;
  /** pg_class oid by qualified table name. */
  oids: Map<string, string>;
  /** TID range scans (used by the block sweep) exist from PostgreSQL 14. */
  tidRangeScan: boolean;
  /** Rules whose table has an index starting with the rule's column(s). */
  indexed: Set<CleanupRule>;
}

class CleanupRun {
  private readonly started = Date.now();
  private readonly report: CleanupReport = {
    deleted: { expired: 0, revoked: 0, overflow: 0, verificationTokens: 0, auditLogs: 0 },
    batches: 0,
    durationMs: 0,
    backlog: {},
    stoppedForDeadline: false,
    skippedForLock: false,
    warnings: [],
    skipped: [],
    maxTransactionMs: 0,
    scans: {},
  };
  /** Session columns, quoted. */
  private readonly c: { id: string; userId: string; expires: string; createdAt: string; revokedAt: string };
  /** A session may be deleted only if it is NOT live: expired or revoked. Carried by every session DELETE. */
  private readonly notLive: string;
  private readonly pace: BatchPace;

  constructor(private readonly client: ClientBase, private readonly o: CleanupOptions) {
    this.c = {
      id: q(o.sessionIdColumn),
      userId: q(o.sessionUserIdColumn),
      expires: q(o.sessionExpiresColumn),
      createdAt: q(o.sessionCreatedAtColumn),
      revokedAt: q(o.sessionRevokedAtColumn),
    };
    // A NULL expires with no revocation evaluates to NULL here, so such a row is kept (treated as live). now() as
    // a scalar sub-select is computed once per statement, not called once per row.
    this.notLive = `(${this.c.expires} <= (SELECT now()) OR ${this.c.revokedAt} IS NOT NULL)`;
    this.pace = new BatchPace(o.batchSize, o.targetBatchMs);
  }

  async execute(): Promise<CleanupReport> {
    const { rows } = await this.client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [CLEANUP_ADVISORY_LOCK_KEY]);
    if (!rows[0]?.locked) {
      this.report.skippedForLock = true;
      return this.finish();
    }
    try {
      const plan = await this.inspectSchema();
      await this.runRules(plan);
      await this.countBacklog(plan);
    } finally {
      // If the connection died the server already released the lock; do not mask the original error.
      await this.client.query('SELECT pg_advisory_unlock($1::bigint)', [CLEANUP_ADVISORY_LOCK_KEY]).catch(() => undefined);
    }
    return this.finish();
  }

  private finish(): CleanupReport {
    this.report.durationMs = Date.now() - this.started;
    return this.report;
  }

  // ---- schema inspection -------------------------------------------------------------------------------

  private async inspectSchema(): Promise<Plan> {
    const o = this.o;
    const tables = await this.transaction(async () => (await this.client.query<{ relname: string; relkind: string; oid: string }>(
      `SELECT c.relname, c.relkind, c.oid::text AS oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relname = ANY($2::text[]) AND c.relkind IN ('r', 'p')`,
      [o.schema, [o.sessionsTable, o.verificationTokensTable, o.auditLogsTable]],
    )).rows);
    const found = new Map(tables.map((t) => [t.relname, t]));
    const qualified = (table: string): string => `${q(o.schema)}.${q(table)}`;

    const sessions = found.get(o.sessionsTable);
    if (!sessions) {
      throw new Error(`sessions table ${qualified(o.sessionsTable)} does not exist: create it (see docs/session-cleanup.md) `
        + 'or set "schema" / "sessionsTable" in CLEANUP_OPTIONS to the right names');
    }
    const optional: Array<[CleanupRule, boolean, string, 'verificationTokens' | 'auditLogs']> = [
      ['verificationTokens', o.deleteExpiredVerificationTokens, o.verificationTokensTable, 'verificationTokens'],
      ['auditLogs', o.deleteOldAuditLogs, o.auditLogsTable, 'auditLogs'],
    ];
    const plan: Plan = { sessions: qualified(o.sessionsTable), userIdType: 'text', oids: new Map(), tidRangeScan: false, indexed: new Set() };
    for (const t of tables) plan.oids.set(qualified(t.relname), t.oid);
    for (const [rule, enabled, table, key] of optional) {
      if (!enabled) continue;
      if (found.has(table)) plan[key] = qualified(table);
      else this.report.skipped.push({ rule, reason: `table ${qualified(table)} does not exist` });
    }
    for (const t of found.values()) {
      // Deletes address rows by ctid, which is only unique within one partition.
      if (t.relkind === 'p') throw new Error(`table ${qualified(t.relname)} is partitioned, which session cleanup does not support: `
        + 'expire its old partitions with DETACH/DROP PARTITION and disable the rule in CLEANUP_OPTIONS');
    }

    const required: Array<[string, string[]]> = [[o.sessionsTable,
      [o.sessionIdColumn, o.sessionUserIdColumn, o.sessionExpiresColumn, o.sessionCreatedAtColumn, o.sessionRevokedAtColumn]]];
    if (plan.verificationTokens) required.push([o.verificationTokensTable, [o.verificationTokenExpiresColumn]]);
    if (plan.auditLogs) required.push([o.auditLogsTable, [o.auditLogCreatedAtColumn]]);
    const oids = required.map(([table]) => found.get(table)!.oid);

    const meta = await this.transaction(async () => {
      const columns = (await this.client.query<{ relname: string; attname: string; type: string }>(
        `SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod) AS type
           FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
          WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped`, [oids])).rows;
      const indexes = (await this.client.query<{ relname: string; lead: string; second: string | null }>(
        `SELECT c.relname, a1.attname AS lead, a2.attname AS second
           FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
           JOIN pg_attribute a1 ON a1.attrelid = i.indrelid AND a1.attnum = i.indkey[0]
           LEFT JOIN pg_attribute a2 ON a2.attrelid = i.indrelid AND a2.attnum = i.indkey[1]
          WHERE i.indrelid = ANY($1::oid[]) AND i.indisvalid`, [oids])).rows;
      const version = (await this.client.query<{ v: number }>("SELECT current_setting('server_version_num')::int AS v")).rows[0]!.v;
      return { columns, indexes, version };
    });
    plan.tidRangeScan = meta.version >= 140000;

    for (const [table, needed] of required) {
      const have = new Set(meta.columns.filter((col) => col.relname === table).map((col) => col.attname));
      const missing = needed.filter((col) => !have.has(col));
      if (missing.length > 0) {
        throw new Error(`table ${qualified(table)} has no column ${missing.map(q).join(', ')}: `
          + 'set the matching *Column option in CLEANUP_OPTIONS (see docs/session-cleanup.md)');
      }
    }
    plan.userIdType = meta.columns.find((col) => col.relname === o.sessionsTable && col.attname === o.sessionUserIdColumn)!.type;

    const hasIndex = (table: string, lead: string, second?: string): boolean =>
      meta.indexes.some((i) => i.relname === table && i.lead === lead && (second === undefined || i.second === second));
    const wanted: Array<[boolean, string, string, string | undefined, CleanupRule]> = [
      [o.deleteExpired, o.sessionsTable, o.sessionExpiresColumn, undefined, 'expired'],
      [o.deleteRevoked, o.sessionsTable, o.sessionRevokedAtColumn, undefined, 'revoked'],
      [o.deleteOverflow, o.sessionsTable, o.sessionUserIdColumn, o.sessionCreatedAtColumn, 'overflow'],
      [!!plan.verificationTokens, o.verificationTokensTable, o.verificationTokenExpiresColumn, undefined, 'verificationTokens'],
      [!!plan.auditLogs, o.auditLogsTable, o.auditLogCreatedAtColumn, undefined, 'auditLogs'],
    ];
    for (const [enabled, table, lead, second, rule] of wanted) {
      if (hasIndex(table, lead, second)) plan.indexed.add(rule);
      else if (enabled) {
        const columns = second ? `(${q(lead)}, ${q(second)})` : `(${q(lead)})`;
        this.report.warnings.push(`rule ${rule}: no index on ${qualified(table)} starting with ${columns}; `
          + 'each batch scans the table. Create the index recommended in docs/session-cleanup.md');
      }
    }
    return plan;
  }

  // ---- rules -------------------------------------------------------------------------------------------

  /**
   * Per simple rule: its table, full predicate (`where`, with the live guard for sessions), the rule's own
   * condition (`core`) and the same condition for the planner's estimate (`estimate`: without the guard, which
   * the planner would multiply in as if independent) and the indexed column it filters on. Intervals are inlined
   * (integers checked by validateCleanupOptions). In `core` each cutoff is a scalar sub-select, computed once per
   * statement (an InitPlan) rather than once per row; the planner cannot estimate through it, hence `estimate`.
   */
  private predicates(plan: Plan): Record<Exclude<CleanupRule, 'overflow'>, { table?: string; where: string; core: string; estimate: string; order: string }> {
    const o = this.o;
    const c = this.c;
    const cutoff = (seconds: number) => `now() - make_interval(secs => ${seconds})`;
    const tokenExpires = q(o.verificationTokenExpiresColumn);
    const auditCreated = q(o.auditLogCreatedAtColumn);
    const rule = (table: string | undefined, column: string, seconds: number, guard?: string) => {
      const core = `${column} < (SELECT ${cutoff(seconds)})`;
      return { table, core, estimate: `${column} < ${cutoff(seconds)}`, order: column, where: guard ? `${core} AND ${guard}` : core };
    };
    return {
      expired: rule(plan.sessions, c.expires, o.expiredGraceSeconds, this.notLive),
      revoked: rule(plan.sessions, c.revokedAt, o.revokedRetentionSeconds, this.notLive),
      verificationTokens: rule(plan.verificationTokens, tokenExpires, o.verificationTokenGraceSeconds),
      auditLogs: rule(plan.auditLogs, auditCreated, o.auditLogRetentionSeconds),
    };
  }

  private enabled(rule: CleanupRule): boolean {
    const o = this.o;
    return { expired: o.deleteExpired, revoked: o.deleteRevoked, overflow: o.deleteOverflow,
      verificationTokens: o.deleteExpiredVerificationTokens, auditLogs: o.deleteOldAuditLogs }[rule];
  }

  /** Per rule that swept by blocks: the first block not swept. */
  private readonly sweptTo = new Map<CleanupRule, number>();

  /** Overflow scan position: users up to and including it are scanned; null = not started; 'done' = finished. */
  private overflowCursor: { value: unknown } | null | 'done' = null;

  /** Users that may be over maxSessionsPerUser whose overflow is not deleted yet (in key order, but in heap order when the sweep found them). */
  private readonly overflowUsers: unknown[] = [];

  private async runRules(plan: Plan): Promise<void> {
    const preds = this.predicates(plan);
    // Rules 1 and 2 read the same table: when one sweeps, the other joins the same pass if it would sweep too or
    // has no index (each of its batches would scan the table); with its index it keeps to it (a cheaper sweep
    // statement for the first, and few rows for the second).
    const sessionRules = (['expired', 'revoked'] as const).filter((rule) => this.enabled(rule));
    const swept: CleanupRule[] = [];
    if (sessionRules.length > 0 && !this.report.stoppedForDeadline) {
      await this.guard(sessionRules[0]!, async () => {
        for (const rule of sessionRules) if (await this.prefersSweep(plan, plan.sessions, preds[rule].estimate)) swept.push(rule);
        if (swept.length === 0) return;
        for (const rule of sessionRules) if (!swept.includes(rule) && !plan.indexed.has(rule)) swept.push(rule);
        swept.sort((a, b) => CLEANUP_RULES.indexOf(a) - CLEANUP_RULES.indexOf(b));
      });
    }
    // The users rule 3 may delete for are found before rules 1-2 delete, while the (user_id, created_at) index is
    // clean (after them it holds an entry for every deleted row until vacuum, and walking it would fetch each from
    // the heap): through two short index ranges when possible; else, when rules 1-2 sweep the table anyway, by the
    // sweep itself (each batch lists the users of the non-live rows it leaves, on pages it has just read), which
    // costs a fraction of walking every user's index entries; else by that walk.
    let sweepFindsUsers = false;
    if (this.enabled('overflow')) {
      await this.guard('overflow', async () => {
        if (await this.findOverflowUsersByIndex(plan)) return;
        if (swept.length > 0) sweepFindsUsers = true;
        else await this.findOverflowUsers(plan);
      });
    }
    if (swept.length > 0 && !this.report.stoppedForDeadline) {
      await this.guard(swept[0]!, async () => {
        for (const rule of swept) this.report.scans[rule] = 'blocks';
        await this.sweepBlocks(swept, plan, plan.sessions, preds, sweepFindsUsers);
      });
    }
    // Order matters: overflow ranks the sessions left after expired and revoked ones are gone.
    for (const rule of CLEANUP_RULES) {
      if (!this.enabled(rule) || this.report.stoppedForDeadline) continue;
      if (swept.includes(rule)) continue;
      await this.guard(rule, async () => {
        if (rule === 'overflow') return this.deleteOverflow(plan);
        const { table, where, estimate, order } = preds[rule];
        if (!table) return;
        const sweep = rule !== 'expired' && rule !== 'revoked' && await this.prefersSweep(plan, table, estimate);
        this.report.scans[rule] = sweep ? 'blocks' : 'index';
        if (sweep) return this.sweepBlocks([rule], plan, table, preds);
        // The inner SELECT finds a batch through the rule's index (the ORDER BY keeps the planner on it) and
        // locks it, skipping rows the app holds; the outer DELETE re-checks the predicate and the live guard.
        const sql = `DELETE FROM ${table} WHERE ctid = ANY(ARRAY(
            SELECT ctid FROM ${table} WHERE ${where} ORDER BY ${order} LIMIT $1 FOR UPDATE SKIP LOCKED)) AND ${where}`;
        while (this.hasTime()) {
          const limit = this.pace.rows;
          const deleted = await this.deleteBatch(rule, sql, [limit]);
          if (deleted < limit) break;
        }
      });
    }
  }

  /** Runs one rule's work; a lock_timeout stops only that rule, with a warning. */
  private async guard(rule: CleanupRule, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (!isLockTimeout(error)) throw error;
      this.report.warnings.push(`rule ${rule}: stopped after lock_timeout (${this.o.lockTimeoutMs} ms) waiting for a lock; `
        + 'the next run continues');
    }
  }

  /**
   * Whether to sweep the table in physical block ranges rather than walk the index: when a large share of
   * it matches (a backlog), visiting rows in index order touches every page many times, while a sweep reads
   * each page once, like a single DELETE would, with every batch still bounded by its block range.
   */
  private async prefersSweep(plan: Plan, table: string, where: string): Promise<boolean> {
    const strategy = this.o.scanStrategy;
    if (strategy !== 'auto') return strategy === 'blocks' && plan.tidRangeScan;
    if (!plan.tidRangeScan) return false;
    const estimate = await this.transaction(async () => {
      const explain = await this.client.query<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>(
        `EXPLAIN (FORMAT JSON) SELECT 1 FROM ${table} WHERE ${where}`);
      const stats = await this.client.query<{ reltuples: number }>('SELECT reltuples::float8 AS reltuples FROM pg_class WHERE oid = $1::oid', [plan.oids.get(table)]);
      return { matching: explain.rows[0]!['QUERY PLAN'][0]!.Plan['Plan Rows'], rows: stats.rows[0]!.reltuples };
    });
    return estimate.rows > 0 && estimate.matching >= this.o.batchSize && estimate.matching >= SWEEP_MIN_SHARE * estimate.rows;
  }

  /**
   * Sweeps `table` once for `rules` (two only for the session table: rules 1 and 2 together). A batch is one
   * transaction over one block range: a plain DELETE for the first rule, counted by its row count (a row matching
   * both rules counts for the first); with a second rule, one scan of the rows left that notes the second rule's
   * (and, if asked, the users of the non-live rows kept), then a DELETE of just those. Locking the rows first
   * (SELECT ... FOR UPDATE SKIP LOCKED, then DELETE) would write every row and its WAL twice; one DELETE for both
   * rules counted per rule through RETURNING into a CTE fetches every deleted row again (on the issue's table 2.0
   * million buffer hits instead of 1.0 million, 2.2x the server time). Such a DELETE waits for a row the app
   * holds, at most SWEEP_LOCK_WAIT_MS (below PostgreSQL's 1 s deadlock_timeout, so the app never sees a deadlock
   * error); then that range is redone skipping locked rows.
   */
  private async sweepBlocks(rules: CleanupRule[], plan: Plan, table: string, preds: ReturnType<CleanupRun['predicates']>,
    findUsers = false): Promise<void> {
    const o = this.o;
    const c = this.c;
    // Rule 1 with a grace period >= 0 deletes only rows with expires < now() - grace <= now(): its guard then
    // needs no revoked_at, which spares reading that column of every row in the range.
    const guard = (rule: CleanupRule) => (table !== plan.sessions ? ''
      : rule === 'expired' && o.expiredGraceSeconds >= 0 ? ` AND ${c.expires} <= (SELECT now())` : ` AND ${this.notLive}`);
    // A one-rule sweep of a table written in the rule's order (a time column) deletes under a cutoff fixed at start
    // and stops once it has deleted the rows that matched it at start, instead of reading the rest of the table.
    const early = rules.length === 1 && !findUsers ? await this.matchingAtStart(rules[0] as Exclude<CleanupRule, 'overflow'>, plan, preds) : undefined;
    const [firstWhere, secondWhere] = rules.map((r, i) => {
      const pred = preds[r as Exclude<CleanupRule, 'overflow'>];
      return `${i === 0 && early ? `${pred.order} < '${early.cutoff}'::timestamptz` : pred.core}${guard(r)}`;
    });
    // Run after the batch's DELETE in its transaction, so it sees what the batch left: the users of the range's
    // non-live rows that no rule 1-2 deletes (one not swept deletes later through its index).
    const later = (['expired', 'revoked'] as const).filter((r) => this.enabled(r) && !rules.includes(r))
      .map((r) => ` AND (${preds[r].core}) IS NOT TRUE`).join('');
    // The scan after the DELETE runs only if the DELETE, which reads every row of the range anyway, met a row that
    // scan is for (non-live, kept by the first rule): it raises a transaction-local flag from its WHERE clause
    // (set_config is a function like any other there). A range without such rows, the whole table on the issue's,
    // is read once. A row that stops being live between the two statements waits for the next run, as it would
    // between two batches.
    const FOLLOW_UP = 'session_cleanup.follow_up';
    const followUp = !!secondWhere || findUsers;
    const deleteWhere = followUp
      ? `CASE WHEN ${firstWhere} THEN true WHEN ${this.notLive}${later} THEN set_config('${FOLLOW_UP}', 'on', true) IS NULL ELSE false END`
      : firstWhere!;
    const raised = `current_setting('${FOLLOW_UP}', true) = 'on'`;
    const users = (from: number, to: number) => `SELECT ARRAY(SELECT DISTINCT ${c.userId}::text FROM ${table}
        WHERE ${raised} AND ${range(from, to)} AND ${this.notLive}${later} AND ${c.userId} IS NOT NULL) AS users`;
    // With a second rule, one scan of what the first left both lists those users and notes the second rule's rows,
    // by ctid, in a transaction-local setting that the second DELETE reads: a TID scan of just those rows instead
    // of a scan of the whole range again.
    const SECOND = 'session_cleanup.second_rule_rows';
    const scanRest = (from: number, to: number) => `WITH rest AS MATERIALIZED (
        SELECT ctid, ${c.userId} AS user_id, (${secondWhere}) IS TRUE AS second FROM ${table}
         WHERE ${raised} AND ${range(from, to)} AND ${this.notLive}${later})
      SELECT ${findUsers ? 'ARRAY(SELECT DISTINCT user_id::text FROM rest WHERE NOT second AND user_id IS NOT NULL)' : 'NULL'} AS users,
        set_config('${SECOND}', ARRAY(SELECT ctid FROM rest WHERE second)::text, true) IS NOT NULL AS noted`;
    const secondRows = `ctid = ANY(current_setting('${SECOND}')::tid[])`;
    // Block numbers are integers computed here, inlined so a batch needs no bind parameters (one round trip).
    const range = (from: number, to: number) => `ctid >= '(${from},0)'::tid AND ctid < '(${to},0)'::tid`;
    const statements = (rows: string, where: string, skip: boolean) => (skip
      ? `DELETE FROM ${table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${table} WHERE ${rows} AND ${where} FOR UPDATE SKIP LOCKED)) AND ${where}`
      : `DELETE FROM ${table} WHERE ${rows} AND ${where}`);
    const sql = (from: number, to: number, skip: boolean) => [
      statements(range(from, to), deleteWhere, skip),
      ...(secondWhere ? [scanRest(from, to), statements(secondRows, secondWhere, skip)] : findUsers ? [users(from, to)] : []),
    ].join('; ');
    const found = new Set<string>();
    const pagesNow = async (): Promise<number> => Number((await this.client.query<{ pages: string }>(
      "SELECT pg_relation_size($1::oid) / current_setting('block_size')::int AS pages", [plan.oids.get(table)])).rows[0]!.pages);
    const batch = async (from: number, to: number): Promise<number> => {
      const started = performance.now();
      let results;
      try {
        results = await this.transactionOneTrip(sql(from, to, false), SWEEP_LOCK_WAIT_MS);
      } catch (error) {
        if (!isLockTimeout(error)) throw error;
        results = await this.transactionOneTrip(sql(from, to, true));
      }
      // [first DELETE, users] or [first DELETE, users and second rule's rows, second DELETE]
      const counts = [results[0]!.rowCount ?? 0, secondWhere ? results[2]!.rowCount ?? 0 : 0];
      rules.forEach((rule, i) => { this.report.deleted[rule] += counts[i]!; });
      const deleted = counts[0]! + counts[1]!;
      if (findUsers) for (const user of (results[1]!.rows[0] as { users: string[] }).users) found.add(user);
      this.report.batches += 1;
      this.pace.record(deleted, performance.now() - started);
      return deleted;
    };
    // Blocks per batch follow the density of matching rows (about batchSize rows a batch) and the pace.
    let blocks = SWEEP_FIRST_BLOCKS;
    let block = 0;
    const done = (to: number) => {
      for (const rule of rules) this.sweptTo.set(rule, to);
      if (!findUsers) return;
      this.overflowUsers.push(...found);
      // Only a finished sweep has seen every user; otherwise the backlog count starts from the first user.
      this.overflowCursor = this.report.stoppedForDeadline ? null : 'done';
    };
    let left = early ? early.rows : Infinity;
    // Pages the table grew by during the sweep are swept too (a few rounds at most).
    for (let round = 0, pages = await pagesNow(); round < 3 && block < pages; round++, pages = await pagesNow()) {
      while (block < pages) {
        if (!this.hasTime()) return done(block);
        const end = Math.min(pages, block + blocks);
        const started = performance.now();
        const deleted = await batch(block, end);
        left -= deleted;
        // Every row matching at start is gone: the blocks not read hold none (the backlog counts nothing there).
        if (left <= 0) return done(pages);
        const byRows = o.batchSize / Math.max(deleted, o.batchSize / 4);
        const byTime = o.targetBatchMs / Math.max(performance.now() - started, 1);
        blocks = Math.min(SWEEP_MAX_BLOCKS, Math.max(1, Math.round((end - block) * Math.min(byRows, byTime, 1.5))));
        block = end;
      }
    }
    done(block);
  }

  /**
   * Rows matching `rule` under a cutoff fixed now, counted through the rule's index (an index-only scan of a
   * freshly vacuumed index costs a fraction of reading those rows' heap, and far less than reading the rest of the
   * table), when the rule's column follows the heap order (pg_stats.correlation): then a sweep under that cutoff can
   * stop once it has deleted that many. Undefined otherwise (no index, no statistics, rows in random places, or
   * a count that would take over EARLY_STOP_COUNT_MS). Rows the app deletes meanwhile only make the sweep run on.
   */
  private async matchingAtStart(rule: Exclude<CleanupRule, 'overflow'>, plan: Plan, preds: ReturnType<CleanupRun['predicates']>):
    Promise<{ cutoff: string; rows: number } | undefined> {
    const o = this.o;
    const names: Record<typeof rule, [string, string, number]> = {
      expired: [o.sessionsTable, o.sessionExpiresColumn, o.expiredGraceSeconds],
      revoked: [o.sessionsTable, o.sessionRevokedAtColumn, o.revokedRetentionSeconds],
      verificationTokens: [o.verificationTokensTable, o.verificationTokenExpiresColumn, o.verificationTokenGraceSeconds],
      auditLogs: [o.auditLogsTable, o.auditLogCreatedAtColumn, o.auditLogRetentionSeconds],
    };
    const [table, column, seconds] = names[rule];
    if (!plan.indexed.has(rule)) return undefined;
    try {
      return await this.transaction(async () => {
        const { rows } = await this.client.query<{ correlation: number | null; cutoff: string }>(
          `SELECT (SELECT correlation FROM pg_stats WHERE schemaname = $1 AND tablename = $2 AND attname = $3) AS correlation,
                  (now() - make_interval(secs => ${seconds}))::text AS cutoff`, [o.schema, table, column]);
        const { correlation, cutoff } = rows[0]!;
        if (correlation === null || correlation < EARLY_STOP_MIN_CORRELATION) return undefined;
        await this.client.query(`SET LOCAL statement_timeout = ${EARLY_STOP_COUNT_MS}`);
        const count = await this.client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM ${preds[rule].table} WHERE ${preds[rule].order} < $1::timestamptz`, [cutoff]);
        return { cutoff, rows: count.rows[0]!.n };
      });
    } catch (error) {
      if (hasCode(error, QUERY_CANCELED)) return undefined;
      throw error;
    }
  }

  /**
   * Walks the users in key order, one bounded slice of the (user_id, created_at) index per statement (no statement
   * reads the whole table, and a deadline stop leaves a cursor to report the backlog from), collecting the users
   * with more than maxSessionsPerUser sessions.
   */
  private async findOverflowUsers(plan: Plan): Promise<void> {
    const c = this.c;
    const o = this.o;
    const type = plan.userIdType;
    while (this.overflowCursor !== 'done') {
      if (!this.hasTime()) return;
      const cursor = this.overflowCursor;
      const [cond, params] = cursor ? [`${c.userId} > $2::${type}`, [cursor.value]] : [`${c.userId} IS NOT NULL`, []];
      const { rows: groups } = await this.transaction(() => this.client.query<{ user_id: unknown; n: number }>(
        `SELECT user_id, count(*)::int AS n
           FROM (SELECT ${c.userId} AS user_id FROM ${plan.sessions} WHERE ${cond} ORDER BY ${c.userId} LIMIT $1) slice
          GROUP BY user_id ORDER BY user_id`, [o.overflowScanChunk, ...params]));
      const reachedEnd = groups.reduce((sum, g) => sum + g.n, 0) < o.overflowScanChunk;
      // The slice may cut the last user short. If its partial count already exceeds the limit it is over anyway
      // (the per-user delete sees all its rows); otherwise the next slice starts again at that user. Since a
      // slice is longer than maxSessionsPerUser (validated), at least one complete user precedes it.
      const cutShort = !reachedEnd && groups[groups.length - 1]!.n <= o.maxSessionsPerUser;
      const complete = cutShort ? groups.slice(0, -1) : groups;
      for (const g of complete) if (g.n > o.maxSessionsPerUser) this.overflowUsers.push(g.user_id);
      this.overflowCursor = reachedEnd ? 'done' : { value: complete[complete.length - 1]!.user_id };
    }
  }

  /**
   * The cheap way to find the users rule 3 may have to delete for, when the expires and revoked_at indexes exist
   * and rules 1-2 run: rule 3 deletes only sessions that are not live, so only a user holding a non-live session
   * that rules 1-2 keep (revoked within the retention, or expired within the grace) can have overflow to delete.
   * Those are few (two short index ranges) where the walk reads every index entry; a user whose session stops
   * being live during the run waits for the next run. Returns false (walk instead) when the indexes are missing or
   * there are overflowScanChunk such sessions or more.
   */
  private async findOverflowUsersByIndex(plan: Plan): Promise<boolean> {
    const c = this.c;
    const o = this.o;
    if (!(['expired', 'revoked'] as const).every((rule) => this.enabled(rule) && plan.indexed.has(rule))) return false;
    const { rows } = await this.transaction(() => this.client.query<{ users: unknown[] | null; seen: number }>(
      `SELECT array_agg(DISTINCT user_id ORDER BY user_id) AS users, count(*)::int AS seen FROM (
          (SELECT ${c.userId} AS user_id FROM ${plan.sessions}
            WHERE ${c.revokedAt} >= (SELECT now() - make_interval(secs => ${o.revokedRetentionSeconds})) LIMIT $1)
          UNION ALL
          (SELECT ${c.userId} FROM ${plan.sessions}
            WHERE ${c.expires} >= (SELECT now() - make_interval(secs => ${o.expiredGraceSeconds})) AND ${c.expires} <= now()
              AND ${c.revokedAt} IS NULL LIMIT $1)) kept
        WHERE user_id IS NOT NULL`, [o.overflowScanChunk]));
    if (rows[0]!.seen >= o.overflowScanChunk) return false;
    this.overflowUsers.push(...(rows[0]!.users ?? []));
    this.overflowCursor = 'done';
    return true;
  }

  /**
   * Deletes the non-live sessions ranked beyond the limit of the users found over it, all of a user's in one batch
   * (so no user's sessions are read twice), the users per batch scaled like the pace so a batch takes about
   * targetBatchMs, at most batchSize / maxSessionsPerUser.
   */
  private async deleteOverflow(plan: Plan): Promise<void> {
    const c = this.c;
    const o = this.o;
    const t = plan.sessions;
    // Per user, ranked newest first; ties on created_at broken by id so the ranking is deterministic.
    const deleteSql = `DELETE FROM ${t} WHERE ctid = ANY(ARRAY(
        SELECT ctid FROM ${t} WHERE ctid = ANY(ARRAY(
          SELECT o.ctid FROM unnest($1::${plan.userIdType}[]) AS u(user_id)
          CROSS JOIN LATERAL (
            SELECT s.ctid, s.${c.expires}, s.${c.revokedAt} FROM ${t} s WHERE s.${c.userId} = u.user_id
             ORDER BY s.${c.createdAt} DESC, s.${c.id} DESC OFFSET $2) o
          WHERE (o.${c.expires} <= now() OR o.${c.revokedAt} IS NOT NULL))) AND ${this.notLive}
        FOR UPDATE SKIP LOCKED)) AND ${this.notLive}`;
    const most = Math.max(1, Math.floor(o.batchSize / o.maxSessionsPerUser));
    let users = 1;
    while (this.overflowUsers.length > 0) {
      if (!this.hasTime()) return;
      const group = this.overflowUsers.slice(0, users);
      const started = performance.now();
      await this.deleteBatch('overflow', deleteSql, [group, o.maxSessionsPerUser]);
      this.overflowUsers.splice(0, group.length);
      const scaled = Math.round((group.length * o.targetBatchMs) / Math.max(performance.now() - started, 1));
      users = Math.max(1, Math.min(most, Math.round(1.5 * group.length), scaled));
    }
  }

  // ---- backlog -----------------------------------------------------------------------------------------

  private async countBacklog(plan: Plan): Promise<void> {
    const cap = this.o.backlogCountCap;
    const preds = this.predicates(plan);
    for (const rule of CLEANUP_RULES) {
      if (!this.enabled(rule)) continue;
      try {
        if (rule === 'overflow') {
          this.report.backlog.overflow = await this.countOverflowBacklog(plan);
          continue;
        }
        const { table, where, order } = preds[rule];
        if (!table) continue;
        // Bounded: reads at most `cap` matching rows however large the backlog. After a sweep, only the
        // blocks not swept are counted (rows skipped there as locked are not), through a TID range scan: the
        // index still holds all the swept rows' entries.
        const swept = this.sweptTo.get(rule);
        const { rows } = await this.transaction(() => (swept === undefined
          ? this.client.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${table} WHERE ${where} ORDER BY ${order} LIMIT $1) x`, [cap])
          : this.client.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${table} WHERE ctid >= $2::tid AND ${where} LIMIT $1) x`,
            [cap, `(${swept},0)`])));
        this.report.backlog[rule] = { rows: rows[0]!.n, capped: rows[0]!.n >= cap };
      } catch (error) {
        // The run's work is done and must still be reported (metrics line): a locked table leaves the rule uncounted.
        if (!isLockTimeout(error)) throw error;
        this.report.warnings.push(`rule ${rule}: backlog not counted: lock_timeout (${this.o.lockTimeoutMs} ms) waiting for a lock`);
      }
    }
  }

  /**
   * Overflow rows among the next backlogCountCap sessions (in user order) from the first user found over the limit
   * whose overflow is not deleted yet, or else from where the scan for such users stopped.
   */
  private async countOverflowBacklog(plan: Plan): Promise<BacklogCount> {
    const c = this.c;
    const pending = this.overflowUsers.length > 0;
    if (!pending && this.overflowCursor === 'done') return { rows: 0, capped: false };
    const cursor = pending ? { value: this.overflowUsers[0] } : this.overflowCursor as { value: unknown } | null;
    const cond = cursor ? `${c.userId} ${pending ? '>=' : '>'} $3::${plan.userIdType}` : `${c.userId} IS NOT NULL`;
    const { rows } = await this.transaction(() => this.client.query<{ n: number; scanned: number }>(
      `SELECT count(*) FILTER (WHERE rn > $2 AND (${c.expires} <= now() OR ${c.revokedAt} IS NOT NULL))::int AS n, count(*)::int AS scanned
         FROM (SELECT ${c.expires}, ${c.revokedAt},
                      row_number() OVER (PARTITION BY ${c.userId} ORDER BY ${c.createdAt} DESC, ${c.id} DESC) AS rn
                 FROM (SELECT * FROM ${plan.sessions} WHERE ${cond}
                        ORDER BY ${c.userId}, ${c.createdAt} DESC, ${c.id} DESC LIMIT $1) slice) ranked`,
      [this.o.backlogCountCap, this.o.maxSessionsPerUser, ...(cursor ? [cursor.value] : [])]));
    return { rows: rows[0]!.n, capped: rows[0]!.scanned >= this.o.backlogCountCap };
  }

  // ---- plumbing ----------------------------------------------------------------------------------------

  private hasTime(): boolean {
    const o = this.o;
    const left = o.remainingTimeMs ? o.remainingTimeMs() : o.deadline !== undefined ? o.deadline - Date.now() : Infinity;
    if (left >= o.safetyMarginMs) return true;
    this.report.stoppedForDeadline = true;
    return false;
  }

  private async deleteBatch(rule: CleanupRule, sql: string, params: unknown[]): Promise<number> {
    const started = performance.now();
    const result = await this.transaction(() => this.client.query(sql, params));
    const deleted = result.rowCount ?? 0;
    this.pace.record(deleted, performance.now() - started);
    this.report.deleted[rule] += deleted;
    this.report.batches += 1;
    return deleted;
  }

  /** One short transaction with its own lock and statement timeouts; each commits on its own, so a kill loses nothing done. */
  private async transaction<T>(work: () => Promise<T>, lockTimeoutMs = this.o.lockTimeoutMs): Promise<T> {
    const start = process.hrtime.bigint();
    await this.client.query(this.begin(lockTimeoutMs));
    try {
      const result = await work();
      await this.client.query('COMMIT');
      return result;
    } catch (error) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      this.recordTransaction(start);
    }
  }

  /**
   * Statements without bind parameters as their own transaction in a single round trip (BEGIN ... COMMIT sent as
   * one query string): a sweep batch is short, and on a busy server each extra round trip waits to be scheduled.
   * Returns the statements' results.
   */
  private async transactionOneTrip(sql: string, lockTimeoutMs = this.o.lockTimeoutMs): Promise<QueryResult[]> {
    const start = process.hrtime.bigint();
    const begin = this.begin(lockTimeoutMs);
    try {
      const results = await this.client.query(`${begin}; ${sql}; COMMIT`) as unknown as QueryResult[];
      return results.slice(begin.split(';').length, -1);
    } catch (error) {
      // The failed statement left the transaction open and aborted.
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      this.recordTransaction(start);
    }
  }

  /**
   * Integers validated by validateCleanupOptions; SET LOCAL takes no bind parameters. Asynchronous commit spares
   * each batch a WAL flush wait: a crash can only lose the last batches, which the next run redoes. TimeZone UTC:
   * `timestamp without time zone` columns (Prisma's DateTime) hold UTC wall-clock times, and comparing them with
   * now() converts them in the session's zone, which would shift "live" by hours.
   */
  private begin(lockTimeoutMs: number): string {
    return `BEGIN; SET LOCAL lock_timeout = ${lockTimeoutMs}; SET LOCAL statement_timeout = ${this.o.statementTimeoutMs}; `
      + "SET LOCAL synchronous_commit = off; SET LOCAL TimeZone = 'UTC'";
  }

  private recordTransaction(start: bigint): void {
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    this.report.maxTransactionMs = Math.max(this.report.maxTransactionMs, Math.round(ms * 10) / 10);
  }
}

function hasCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

function isLockTimeout(error: unknown): boolean {
  return hasCode(error, LOCK_NOT_AVAILABLE);
}

/**
 * Rows per index-path batch: scaled after every batch so one takes about targetMs on this server under its
 * current load (growing at most 1.5x a step: cost per row rises with batch size), never above batchSize. Keeps transactions short on a slow or
 * busy database without giving up throughput on a fast one.
 */
class BatchPace {
  rows: number;

  constructor(private readonly max: number, private readonly targetMs: number) {
    this.rows = Math.min(max, BATCH_FIRST_ROWS);
  }

  record(deleted: number, ms: number): void {
    // A short batch (end of a rule) says little about the rate.
    if (deleted < this.rows / 2) return;
    const scaled = Math.round((deleted * this.targetMs) / Math.max(ms, 1));
    this.rows = Math.max(1, Math.min(this.max, Math.round(1.5 * this.rows), scaled));
  }
}
