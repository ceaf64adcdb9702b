// CL-SES-1: the cleanup core against a real PostgreSQL.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client, ClientBase } from 'pg';
import { CLEANUP_ADVISORY_LOCK_KEY, CleanupOptionsError, cleanupSessions } from '../../../lambdas/session-cleanup/cleanup';
import { createTestDatabase, dropTestDatabase } from '../../support/postgres';
import { DAY, HOUR, SessionRow, connect, createSchema, insertSessions, sessionIds } from './fixtures';

let database: string;
let db: Client;

beforeAll(async () => {
  database = await createTestDatabase('cleanup');
  db = await connect(database);
});
afterAll(async () => {
  await db.end();
  await dropTestDatabase(database);
});
beforeEach(async () => {
  await db.query('DROP SCHEMA IF EXISTS public CASCADE; DROP SCHEMA IF EXISTS auth CASCADE; CREATE SCHEMA public');
});

const live = (id: string, userId = 'u1', createdIn = -HOUR): SessionRow => ({ id, userId, expiresIn: DAY, createdIn });

describe('rule 1: expired sessions', () => {
  const rows: SessionRow[] = [
    live('live'),
    { id: 'expired-1h', userId: 'u1', expiresIn: -HOUR, createdIn: -DAY },
    { id: 'expired-3h', userId: 'u1', expiresIn: -3 * HOUR, createdIn: -DAY },
  ];

  it('deletes sessions expired before now, keeps live ones', async () => {
    await createSchema(db);
    await insertSessions(db, rows);
    const report = await cleanupSessions(db);
    expect(report.deleted.expired).toBe(2);
    expect(await sessionIds(db)).toEqual(['live']);
    expect(report.skippedForLock).toBe(false);
    expect(report.warnings).toEqual([]);
    expect(report.backlog.expired).toEqual({ rows: 0, capped: false });
  });

  it('honours the grace period', async () => {
    await createSchema(db);
    await insertSessions(db, rows);
    const report = await cleanupSessions(db, { expiredGraceSeconds: 2 * HOUR });
    expect(report.deleted.expired).toBe(1);
    expect(await sessionIds(db)).toEqual(['expired-1h', 'live']);
  });

  it('is switched off by deleteExpired: false', async () => {
    await createSchema(db);
    await insertSessions(db, rows);
    const report = await cleanupSessions(db, { deleteExpired: false });
    expect(report.deleted.expired).toBe(0);
    expect(report.backlog.expired).toBeUndefined();
    expect(await sessionIds(db)).toEqual(['expired-1h', 'expired-3h', 'live']);
  });

  it('never deletes a live session even with a negative grace period', async () => {
    await createSchema(db);
    await insertSessions(db, [
      { id: 'live-1h', userId: 'u1', expiresIn: HOUR, createdIn: -DAY },
      { id: 'revoked-1h', userId: 'u1', expiresIn: HOUR, createdIn: -DAY, revokedIn: -60 },
    ]);
    const report = await cleanupSessions(db, { expiredGraceSeconds: -2 * HOUR, deleteRevoked: false });
    // Not live because revoked, so the (widened) expiry rule may take it; the live one stays.
    expect(report.deleted.expired).toBe(1);
    expect(await sessionIds(db)).toEqual(['live-1h']);
  });
});

describe('timestamp without time zone columns (Prisma DateTime is timestamp(3))', () => {
  // Prisma and most ORMs write UTC wall-clock times into such columns; the job must read them as UTC whatever the
  // session TimeZone (Tokyo is ahead of UTC, Los Angeles behind: each would shift the comparison by hours).
  it.each(['Asia/Tokyo', 'America/Los_Angeles'])('reads them as UTC with session TimeZone %s: keeps live rows, deletes expired ones', async (zone) => {
    await db.query(`CREATE TABLE sessions (id text PRIMARY KEY, session_token text UNIQUE NOT NULL, user_id text NOT NULL,
        expires timestamp(3) NOT NULL, created_at timestamp(3) NOT NULL, revoked_at timestamp(3));
      CREATE INDEX ON sessions (expires); CREATE INDEX ON sessions (user_id, created_at DESC); CREATE INDEX ON sessions (revoked_at);
      CREATE TABLE verification_tokens (identifier text NOT NULL, token text NOT NULL UNIQUE, expires timestamp(3) NOT NULL);
      CREATE INDEX ON verification_tokens (expires)`);
    const utc = (offset: string) => `(now() + interval '${offset}') AT TIME ZONE 'UTC'`;
    await db.query(`INSERT INTO sessions VALUES
        ('live-30m', 't1', 'u', ${utc('30 minutes')}, ${utc('-1 hour')}, NULL),
        ('expired-30m', 't2', 'u', ${utc('-30 minutes')}, ${utc('-1 hour')}, NULL),
        ('revoked-6d-ago', 't3', 'u', ${utc('1 day')}, ${utc('-7 days')}, ${utc('-6 days -20 hours')}),
        ('revoked-8d-ago', 't4', 'u', ${utc('1 day')}, ${utc('-9 days')}, ${utc('-8 days')});
      INSERT INTO verification_tokens VALUES ('a', 'valid-30m', ${utc('30 minutes')}), ('b', 'expired-30m', ${utc('-30 minutes')})`);
    await db.query(`SET TimeZone = '${zone}'`);
    try {
      const report = await cleanupSessions(db);
      expect(report.deleted).toMatchObject({ expired: 1, revoked: 1, verificationTokens: 1 });
      expect(await sessionIds(db)).toEqual(['live-30m', 'revoked-6d-ago']);
      expect((await db.query('SELECT token FROM verification_tokens')).rows).toEqual([{ token: 'valid-30m' }]);
      expect(report.backlog).toMatchObject({ expired: { rows: 0, capped: false }, revoked: { rows: 0, capped: false } });
    } finally {
      await db.query('RESET TimeZone');
    }
  });
});

describe('rule 2: revoked sessions', () => {
  const rows: SessionRow[] = [
    live('live'),
    { id: 'revoked-8d', userId: 'u1', expiresIn: DAY, createdIn: -9 * DAY, revokedIn: -8 * DAY },
    { id: 'revoked-1d', userId: 'u1', expiresIn: DAY, createdIn: -2 * DAY, revokedIn: -DAY },
  ];

  it('deletes sessions revoked longer ago than the retention window (default 7 days)', async () => {
    await createSchema(db);
    await insertSessions(db, rows);
    const report = await cleanupSessions(db);
    expect(report.deleted).toMatchObject({ revoked: 1, expired: 0 });
    expect(await sessionIds(db)).toEqual(['live', 'revoked-1d']);
  });

  it('honours a custom retention window and the switch', async () => {
    await createSchema(db);
    await insertSessions(db, rows);
    expect((await cleanupSessions(db, { deleteRevoked: false })).deleted.revoked).toBe(0);
    expect(await sessionIds(db)).toHaveLength(3);
    const report = await cleanupSessions(db, { revokedRetentionSeconds: HOUR });
    expect(report.deleted.revoked).toBe(2);
    expect(await sessionIds(db)).toEqual(['live']);
  });
});

describe('rule 3: sessions beyond the newest N per user', () => {
  // u1: 110 sessions, newest first s000..s109. Beyond the newest 100, even ones are live and odd ones revoked an hour ago.
  const rows: SessionRow[] = Array.from({ length: 110 }, (_, i) => ({
    id: `s${String(i).padStart(3, '0')}`,
    userId: 'u1',
    expiresIn: DAY,
    createdIn: -60 * (i + 1),
    revokedIn: (i >= 100 && i % 2 === 1) || i === 5 ? -HOUR : null,
  }));
  rows.push(live('other-user', 'u2'));

  it('deletes non-live sessions ranked beyond maxSessionsPerUser and keeps every live one', async () => {
    await createSchema(db);
    await insertSessions(db, rows);
    const report = await cleanupSessions(db);
    expect(report.deleted).toMatchObject({ overflow: 5, expired: 0, revoked: 0 });
    const left = await sessionIds(db);
    expect(left).toHaveLength(106);
    for (const i of [101, 103, 105, 107, 109]) expect(left).not.toContain(`s${i}`);
    for (const i of [5, 100, 102, 104, 106, 108]) expect(left).toContain(`s${String(i).padStart(3, '0')}`);
    expect(report.backlog.overflow).toEqual({ rows: 0, capped: false });
  });

  it('uses maxSessionsPerUser and ranks only the sessions left after rules 1-2', async () => {
    await createSchema(db);
    await insertSessions(db, [
      { id: 'a-newest-expired', userId: 'a', expiresIn: -HOUR, createdIn: -60 },
      { id: 'a-1', userId: 'a', expiresIn: DAY, createdIn: -120, revokedIn: -60 },
      { id: 'a-2', userId: 'a', expiresIn: DAY, createdIn: -180, revokedIn: -60 },
      { id: 'a-3', userId: 'a', expiresIn: DAY, createdIn: -240, revokedIn: -60 },
      live('b-1', 'b'), live('b-2', 'b', -2 * HOUR), live('b-3', 'b', -3 * HOUR),
    ]);
    const report = await cleanupSessions(db, { maxSessionsPerUser: 2 });
    // The expired one goes by rule 1, so a-1 and a-2 are the newest two; b's sessions are all live.
    expect(report.deleted).toMatchObject({ expired: 1, overflow: 1 });
    expect(await sessionIds(db)).toEqual(['a-1', 'a-2', 'b-1', 'b-2', 'b-3']);
  });

  it('is switched off by deleteOverflow: false', async () => {
    await createSchema(db);
    await insertSessions(db, rows);
    const report = await cleanupSessions(db, { deleteOverflow: false });
    expect(report.deleted.overflow).toBe(0);
    expect(await sessionIds(db)).toHaveLength(111);
  });

  it('walks users in several scan chunks and batches', async () => {
    await createSchema(db);
    const many: SessionRow[] = [];
    for (let u = 0; u < 30; u++) {
      for (let i = 0; i < 6; i++) many.push({ id: `u${u}-${i}`, userId: `user-${u}`, expiresIn: DAY, createdIn: -60 * (i + 1), revokedIn: i >= 4 ? -60 : null });
    }
    // One user with more sessions than a whole scan slice.
    for (let i = 0; i < 20; i++) many.push({ id: `big-${i}`, userId: 'user-15x', expiresIn: DAY, createdIn: -60 * (i + 1), revokedIn: i >= 4 ? -60 : null });
    await insertSessions(db, many);
    const report = await cleanupSessions(db, { maxSessionsPerUser: 4, overflowScanChunk: 7, batchSize: 5 });
    expect(report.deleted.overflow).toBe(60 + 16);
    expect(report.batches).toBeGreaterThan(12);
    expect(await sessionIds(db)).toHaveLength(120 + 4);
  });
});

describe('rules 4-5: verification tokens and audit logs', () => {
  beforeEach(async () => {
    await createSchema(db);
    await db.query(`INSERT INTO verification_tokens VALUES ('a', 't-expired', now() - interval '1 minute'), ('b', 't-valid', now() + interval '1 hour'),
      ('c', 't-expired-2h', now() - interval '2 hours')`);
    await db.query(`INSERT INTO audit_logs (created_at, action) VALUES (now() - interval '91 days', 'old'), (now() - interval '10 days', 'recent'),
      (now() - interval '40 days', 'middle')`);
  });
  const tokens = async (): Promise<string[]> => (await db.query('SELECT token FROM verification_tokens ORDER BY token')).rows.map((r) => r.token);
  const actions = async (): Promise<string[]> => (await db.query('SELECT action FROM audit_logs ORDER BY action')).rows.map((r) => r.action);

  it('deletes expired verification tokens and audit logs older than 90 days by default', async () => {
    const report = await cleanupSessions(db);
    expect(report.deleted).toMatchObject({ verificationTokens: 2, auditLogs: 1 });
    expect(await tokens()).toEqual(['t-valid']);
    expect(await actions()).toEqual(['middle', 'recent']);
  });

  it('honours the windows and the switches', async () => {
    const report = await cleanupSessions(db, { verificationTokenGraceSeconds: HOUR, auditLogRetentionSeconds: 30 * DAY, deleteOldAuditLogs: true });
    expect(report.deleted).toMatchObject({ verificationTokens: 1, auditLogs: 2 });
    expect(await tokens()).toEqual(['t-expired', 't-valid']);
    const off = await cleanupSessions(db, { deleteExpiredVerificationTokens: false, deleteOldAuditLogs: false, auditLogRetentionSeconds: DAY });
    expect(off.deleted).toMatchObject({ verificationTokens: 0, auditLogs: 0 });
    expect(await actions()).toEqual(['recent']);
  });
});

describe('schema handling', () => {
  it('works with custom schema, table and column names (quoted, case kept)', async () => {
    await db.query(`CREATE SCHEMA auth;
      CREATE TABLE auth."Session" ("sessionId" text PRIMARY KEY, "userId" text NOT NULL, "validUntil" timestamptz NOT NULL,
        "createdAt" timestamptz NOT NULL, "revokedAt" timestamptz);
      CREATE INDEX ON auth."Session" ("validUntil"); CREATE INDEX ON auth."Session" ("userId", "createdAt");
      CREATE INDEX ON auth."Session" ("revokedAt");
      CREATE TABLE auth.tokens (ident text, "validUntil" timestamptz); CREATE INDEX ON auth.tokens ("validUntil");
      CREATE TABLE auth.audit (id bigserial, at timestamptz); CREATE INDEX ON auth.audit (at);
      INSERT INTO auth."Session" VALUES
        ('live', 'u', now() + interval '1 day', now() - interval '3 minutes', NULL),
        ('expired', 'u', now() - interval '1 day', now() - interval '2 days', NULL),
        ('revoked', 'u', now() + interval '1 day', now() - interval '9 days', now() - interval '8 days'),
        ('over', 'u', now() + interval '1 day', now() - interval '1 day', now() - interval '1 minute'),
        ('newer', 'u', now() + interval '1 day', now() - interval '1 minute', now() - interval '1 minute');
      INSERT INTO auth.tokens VALUES ('x', now() - interval '1 minute');
      INSERT INTO auth.audit (at) VALUES (now() - interval '100 days')`);
    const report = await cleanupSessions(db, {
      schema: 'auth', sessionsTable: 'Session', sessionIdColumn: 'sessionId', sessionUserIdColumn: 'userId',
      sessionExpiresColumn: 'validUntil', sessionCreatedAtColumn: 'createdAt', sessionRevokedAtColumn: 'revokedAt',
      verificationTokensTable: 'tokens', verificationTokenExpiresColumn: 'validUntil', auditLogsTable: 'audit', auditLogCreatedAtColumn: 'at',
      maxSessionsPerUser: 2,
    });
    expect(report.deleted).toEqual({ expired: 1, revoked: 1, overflow: 1, verificationTokens: 1, auditLogs: 1 });
    expect(report.warnings).toEqual([]);
    expect((await db.query('SELECT "sessionId" FROM auth."Session" ORDER BY 1')).rows.map((r) => r.sessionId)).toEqual(['live', 'newer']);
  });

  it('reports missing optional tables as skipped and still cleans sessions', async () => {
    await createSchema(db, { verificationTokens: false, auditLogs: false });
    await insertSessions(db, [{ id: 'expired', userId: 'u', expiresIn: -HOUR, createdIn: -DAY }]);
    const report = await cleanupSessions(db);
    expect(report.deleted.expired).toBe(1);
    expect(report.skipped).toEqual([
      { rule: 'verificationTokens', reason: 'table "public"."verification_tokens" does not exist' },
      { rule: 'auditLogs', reason: 'table "public"."audit_logs" does not exist' },
    ]);
    expect(report.backlog).not.toHaveProperty('auditLogs');
    // A disabled rule's missing table is not worth a mention.
    expect((await cleanupSessions(db, { deleteOldAuditLogs: false })).skipped.map((s) => s.rule)).toEqual(['verificationTokens']);
  });

  it('fails clearly when the sessions table or a configured column is missing, and releases the lock', async () => {
    await expect(cleanupSessions(db)).rejects.toThrow(/sessions table "public"."sessions" does not exist.*"sessionsTable"/);
    await createSchema(db);
    await expect(cleanupSessions(db, { sessionRevokedAtColumn: 'revoked' })).rejects.toThrow(/has no column "revoked"/);
    // This database only: other test files run cleanups on the same server at the same time.
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`);
    expect(rows[0].n).toBe(0);
  });

  it('warns about each missing index a rule needs', async () => {
    await createSchema(db, { indexes: false });
    const report = await cleanupSessions(db);
    expect(report.warnings).toHaveLength(5);
    expect(report.warnings.join('\n')).toMatch(/rule overflow: no index on "public"."sessions" starting with \("user_id", "created_at"\)/);
    expect(report.warnings.join('\n')).toMatch(/rule expired: no index on "public"."sessions" starting with \("expires"\)/);
    // Disabled rules need no index.
    const quiet = await cleanupSessions(db, { deleteExpired: false, deleteRevoked: false, deleteOverflow: false, deleteExpiredVerificationTokens: false, deleteOldAuditLogs: false });
    expect(quiet.warnings).toEqual([]);
  });

  it('refuses a bad identifier, naming the field, before sending any SQL', async () => {
    const query = vi.fn(() => { throw new Error('no SQL may run'); });
    const client = { query } as unknown as ClientBase;
    await expect(cleanupSessions(client, { sessionsTable: 'sessions; DROP TABLE users' })).rejects.toThrow(CleanupOptionsError);
    await expect(cleanupSessions(client, { sessionUserIdColumn: 'user"id' })).rejects.toThrow(/sessionUserIdColumn must be a plain SQL identifier/);
    await expect(cleanupSessions(client, { batchSize: 0 })).rejects.toThrow(/batchSize must be an integer from 1/);
    expect(query).not.toHaveBeenCalled();
  });
});

/** Every statement the client sends from now on (text and parameters), until restore(). */
function recordQueries(client: Client): { sent: Array<{ text: string; values: unknown[] }>; restore: () => void } {
  const sent: Array<{ text: string; values: unknown[] }> = [];
  const original = client.query;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    if (typeof args[0] === 'string') sent.push({ text: args[0].replace(/\s+/g, ' '), values: (args[1] as unknown[]) ?? [] });
    return (original as (...a: unknown[]) => unknown).apply(client, args);
  };
  return { sent, restore: () => { client.query = original; } };
}

// Issue 13 item 13: what makes the default path about as fast as one DELETE (bench/session-cleanup.bench.ts measures it).
describe('throughput: work the default path does not repeat', () => {
  const rows = (n: number): SessionRow[] => Array.from({ length: n }, (_, i) => ({
    id: `r${i}`, userId: `user-${i % 40}`, createdIn: -DAY,
    ...(i % 3 === 0 ? { expiresIn: -HOUR } : i % 3 === 1 ? { expiresIn: DAY, revokedIn: -8 * DAY } : { expiresIn: DAY }),
  }));

  it('a block sweep deletes rows without locking them first, and expired and revoked share one pass', async () => {
    await createSchema(db);
    await insertSessions(db, rows(3000));
    const spy = recordQueries(db);
    try {
      const report = await cleanupSessions(db, { scanStrategy: 'blocks' });
      expect(report.deleted).toMatchObject({ expired: 1000, revoked: 1000 });
      expect(report.scans).toMatchObject({ expired: 'blocks', revoked: 'blocks' });
    } finally {
      spy.restore();
    }
    const sweeps = spy.sent.filter((q) => q.text.includes('::tid') && q.text.includes('DELETE'));
    expect(sweeps.length).toBeGreaterThan(0);
    // A row lock before the delete doubles the heap writes and WAL of every row (SELECT ... FOR UPDATE, then DELETE).
    expect(sweeps.filter((q) => q.text.includes('FOR UPDATE'))).toEqual([]);
    expect(sweeps.filter((q) => q.text.includes("ctid >= '(0,0)'::tid"))).toHaveLength(1);
    // Rule 2's DELETE reads only its rows, by the ctids the scan after rule 1's DELETE noted, not the range again.
    expect(sweeps.every((q) => q.text.includes('"sessions" WHERE ctid = ANY(current_setting('))).toBe(true);
    expect(await sessionIds(db)).toHaveLength(1000);
  });

  it('a sweep range holding no non-live row rule 1 keeps is read once: the scan for rule 2\'s rows and rule 3\'s users is skipped', async () => {
    await createSchema(db);
    await db.query('DROP INDEX sessions_revoked_at_idx; CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    // Half expired, half live, none revoked: the table.
    const plain = (n: number): SessionRow[] => Array.from({ length: n }, (_, i) => ({
      id: `p${i}`, userId: `user-${i % 40}`, createdIn: -DAY, expiresIn: i % 2 === 0 ? -HOUR : DAY }));
    // Blocks the scan after each sweep DELETE read (pg_stat_statements, this database only).
    const followUpBlocks = async (): Promise<number> => (await db.query<{ n: number }>(
      `SELECT coalesce(sum(shared_blks_hit + shared_blks_read), 0)::int AS n FROM pg_stat_statements
        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query LIKE 'WITH rest AS%'`)).rows[0]!.n;
    const reset = () => db.query('SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)');

    await insertSessions(db, plain(3000));
    await reset();
    const clean = await cleanupSessions(db, { scanStrategy: 'blocks', maxSessionsPerUser: 2 });
    expect(clean.deleted).toMatchObject({ expired: 1500, revoked: 0, overflow: 0 });
    expect(await followUpBlocks()).toBe(0);

    // One session revoked a minute ago (kept by rule 2, beyond the user's newest 2): the scan runs and finds it.
    await db.query('DELETE FROM sessions');
    await insertSessions(db, [...plain(3000), { id: 'old', userId: 'user-1', expiresIn: DAY, createdIn: -2 * DAY, revokedIn: -60 }]);
    await reset();
    const found = await cleanupSessions(db, { scanStrategy: 'blocks', maxSessionsPerUser: 2 });
    expect(found.deleted).toMatchObject({ expired: 1500, revoked: 0, overflow: 1 });
    expect(await followUpBlocks()).toBeGreaterThan(0);
    expect(await sessionIds(db)).not.toContain('old');
  });

  it('rule 2 without its index joins rule 1\'s sweep (auto) instead of scanning the table once more', async () => {
    await createSchema(db);
    await db.query('DROP INDEX sessions_revoked_at_idx');
    await insertSessions(db, rows(3000));
    await db.query('ANALYZE sessions');
    const report = await cleanupSessions(db, { batchSize: 500 });
    expect(report.scans).toMatchObject({ expired: 'blocks', revoked: 'blocks' });
    expect(report.deleted).toMatchObject({ expired: 1000, revoked: 1000 });
  });

  it('a block sweep still skips a row the app holds, rather than waiting for it', async () => {
    await createSchema(db);
    await insertSessions(db, rows(300));
    const app = await connect(database);
    try {
      await app.query("BEGIN; SELECT * FROM sessions WHERE id = 'r3' FOR UPDATE");
      const started = Date.now();
      const report = await cleanupSessions(db, { scanStrategy: 'blocks', lockTimeoutMs: 5000 });
      expect(Date.now() - started).toBeLessThan(4000);
      expect(report.deleted).toMatchObject({ expired: 99, revoked: 100 });
      expect(report.warnings).toEqual([]);
      await app.query('ROLLBACK');
    } finally {
      await app.end();
    }
    expect((await sessionIds(db))).toContain('r3');
  });

  it.each([
    ['through the expires and revoked_at indexes (only users with a non-live session rules 1-2 keep)', true],
    ['by walking every user before rules 1-2 delete, without a revoked_at index (the index is still clean)', false],
  ])('finds the users over the limit %s, and deletes their overflow after rules 1-2', async (_label, revokedIndex) => {
    await createSchema(db);
    if (!revokedIndex) await db.query('DROP INDEX sessions_revoked_at_idx');
    const many: SessionRow[] = Array.from({ length: 8 }, (_, i) => ({ id: `m${i}`, userId: 'heavy', expiresIn: DAY, createdIn: -60 * (i + 1), revokedIn: i >= 2 ? -60 : null }));
    // Over the limit but every session live: nothing to delete, and no need to look at this user.
    const busy: SessionRow[] = Array.from({ length: 5 }, (_, i) => ({ id: `b${i}`, userId: 'busy', expiresIn: DAY, createdIn: -60 * (i + 1) }));
    await insertSessions(db, [...many, ...busy, { id: 'x', userId: 'light', expiresIn: -HOUR, createdIn: -DAY }]);
    const spy = recordQueries(db);
    try {
      const report = await cleanupSessions(db, { maxSessionsPerUser: 2 });
      expect(report.deleted).toMatchObject({ expired: 1, overflow: 6 });
      expect(report.backlog.overflow).toEqual({ rows: 0, capped: false });
    } finally {
      spy.restore();
    }
    const find = spy.sent.findIndex((q) => q.text.includes(revokedIndex ? 'array_agg(DISTINCT user_id' : 'GROUP BY user_id ORDER BY user_id'));
    const walks = spy.sent.filter((q) => q.text.includes('GROUP BY user_id ORDER BY user_id'));
    expect(find).toBeGreaterThan(-1);
    expect(find).toBeLessThan(spy.sent.findIndex((q) => q.text.includes('DELETE')));
    expect(walks.length > 0).toBe(!revokedIndex);
    expect(await sessionIds(db)).toEqual(['b0', 'b1', 'b2', 'b3', 'b4', 'm0', 'm1']);
  });

  it.each([
    ['without a revoked_at index', { dropIndex: true, options: {} }],
    ['with more non-live sessions kept than the index search reads', { dropIndex: false, options: { overflowScanChunk: 3 } }],
  ])('when rules 1-2 sweep, the sweep finds the users over the limit %s: no walk of every user', async (_label, { dropIndex, options }) => {
    await createSchema(db);
    if (dropIndex) await db.query('DROP INDEX sessions_revoked_at_idx');
    // The newest two live, the six older ones revoked a minute ago: rule 2 keeps them, rule 3 deletes them.
    const heavy: SessionRow[] = Array.from({ length: 8 }, (_, i) => ({ id: `m${i}`, userId: 'heavy', expiresIn: DAY, createdIn: -60 * (i + 1), revokedIn: i >= 2 ? -60 : null }));
    await insertSessions(db, [...rows(3000), ...heavy]);
    const spy = recordQueries(db);
    try {
      const report = await cleanupSessions(db, { scanStrategy: 'blocks', maxSessionsPerUser: 2, ...options });
      expect(report.deleted).toMatchObject({ expired: 1000, revoked: 1000, overflow: 6 });
      expect(report.scans).toMatchObject({ expired: 'blocks', revoked: 'blocks' });
      expect(report.backlog.overflow).toEqual({ rows: 0, capped: false });
    } finally {
      spy.restore();
    }
    expect(spy.sent.filter((q) => q.text.includes('GROUP BY user_id ORDER BY user_id'))).toEqual([]);
    const ids = await sessionIds(db);
    expect(ids).toHaveLength(1002);
    expect(ids.filter((id) => id.startsWith('m'))).toEqual(['m0', 'm1']);
  });
});

describe('concurrency, interruption and deadline', () => {
  const deletable = (n: number, prefix = 'x'): SessionRow[] =>
    Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, userId: `user-${i % 50}`, expiresIn: -HOUR - i, createdIn: -DAY }));
  const liveRows = Array.from({ length: 200 }, (_, i) => live(`live-${i}`, `user-${i % 50}`, -60 * (i + 1)));

  it('an overlapping run returns skippedForLock and deletes nothing', async () => {
    await createSchema(db);
    await insertSessions(db, [...deletable(3000), ...liveRows]);
    const other = await connect(database);
    try {
      const first = cleanupSessions(db, { batchSize: 50 });
      // Wait until the first run holds the lock, then start the second. pg_locks lists every database's locks, and
      // other test files run the job at the same time in theirs.
      for (let i = 0; i < 200; i++) {
        const { rows } = await other.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`);
        if (rows[0].n > 0) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      const second = await cleanupSessions(other);
      expect(second).toMatchObject({ skippedForLock: true, batches: 0, deleted: { expired: 0 } });
      const firstReport = await first;
      expect(firstReport.skippedForLock).toBe(false);
      expect(firstReport.deleted.expired).toBe(3000);
      // Released at the end: a later run gets the lock.
      expect((await cleanupSessions(other)).skippedForLock).toBe(false);
    } finally {
      await other.end();
    }
  });

  it('a run whose connection is killed mid-way loses nothing done, holds no lock, and a re-run finishes the job', async () => {
    await createSchema(db);
    await insertSessions(db, [...deletable(20000), ...liveRows]);
    const victim = await connect(database);
    const pid = (await victim.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const run = cleanupSessions(victim, { batchSize: 100 });
    run.catch(() => undefined);
    for (let i = 0; i < 1000; i++) {
      const { rows } = await db.query('SELECT count(*)::int AS n FROM sessions');
      if (rows[0].n < 19000) break;
      await new Promise((r) => setTimeout(r, 2));
    }
    await db.query('SELECT pg_terminate_backend($1)', [pid]);
    await expect(run).rejects.toThrow();
    await victim.end().catch(() => undefined);

    const left = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions')).rows[0]!.n;
    expect(left).toBeGreaterThan(200);
    expect(left).toBeLessThan(20200);
    const rerun = await cleanupSessions(db);
    expect(rerun.skippedForLock).toBe(false);
    expect(rerun.deleted.expired).toBe(left - 200);
    expect(await sessionIds(db)).toEqual(liveRows.map((r) => r.id).sort());
  });

  it('stops starting batches at the deadline and reports the backlog', async () => {
    await createSchema(db);
    await insertSessions(db, [...deletable(1000), ...liveRows]);
    let calls = 0;
    const report = await cleanupSessions(db, { batchSize: 100, targetBatchMs: 60_000, safetyMarginMs: 5000, remainingTimeMs: () => (++calls <= 3 ? 60_000 : 1_000) });
    expect(report.stoppedForDeadline).toBe(true);
    expect(report.deleted.expired).toBe(300);
    expect(report.backlog.expired).toEqual({ rows: 700, capped: false });
    expect(report.backlog.overflow).toEqual({ rows: 0, capped: false });

    const capped = await cleanupSessions(db, { deadline: Date.now() - 1, backlogCountCap: 500 });
    expect(capped.batches).toBe(0);
    expect(capped.backlog.expired).toEqual({ rows: 500, capped: true });
  });

  it('sweeps by block ranges when most of the table is deletable (auto, with statistics) or when asked', async () => {
    await createSchema(db);
    await insertSessions(db, [...deletable(6000), ...liveRows]);
    await db.query('ANALYZE sessions');
    const auto = await cleanupSessions(db, { batchSize: 1000 });
    expect(auto.deleted.expired).toBe(6000);
    // Rule 2 has its index and few rows: it keeps to its index (without one it would join the sweep).
    expect(auto.scans).toEqual({ expired: 'blocks', revoked: 'index', verificationTokens: 'index', auditLogs: 'index' });
    expect(await sessionIds(db)).toEqual(liveRows.map((r) => r.id).sort());

    await insertSessions(db, deletable(3000, 'y'));
    // Blocks: the sweep's batches are block ranges, so more (smaller) batches than rows / batchSize.
    const blocks = await cleanupSessions(db, { batchSize: 1000, scanStrategy: 'blocks', deleteOverflow: false });
    expect(blocks.deleted.expired).toBe(3000);
    expect(blocks.batches).toBeGreaterThanOrEqual(2);
    expect(blocks.scans.expired).toBe('blocks');
    expect(await sessionIds(db)).toEqual(liveRows.map((r) => r.id).sort());

    // Without statistics (never analyzed) auto keeps to the index.
    await db.query('DROP TABLE sessions');
    await createSchema(db, { verificationTokens: false, auditLogs: false });
    await db.query('ALTER TABLE sessions SET (autovacuum_enabled = false)');
    await insertSessions(db, deletable(6000));
    const unanalyzed = await cleanupSessions(db, { batchSize: 1000 });
    expect(unanalyzed.scans.expired).toBe('index');
    expect(unanalyzed.deleted.expired).toBe(6000);
  });

  describe('a one-rule sweep of a table written in expiry order stops once the rows matching at start are gone', () => {
    // Expired rows first in the heap, live ones after: pg_stats.correlation of expires close to 1.
    const expiredFirst = (n: number, prefix = 'e'): SessionRow[] => Array.from({ length: n }, (_, i) =>
      ({ id: `${prefix}${i}`, userId: `user-${i % 50}`, expiresIn: -2 * DAY + i, createdIn: -3 * DAY }));
    const liveAfter = (n: number): SessionRow[] => Array.from({ length: n }, (_, i) =>
      ({ id: `l${i}`, userId: `user-${i % 50}`, expiresIn: DAY + i, createdIn: -HOUR }));
    /** Highest block a sweep DELETE's range reached, and the table's blocks. */
    const sweptBlocks = async (sent: Array<{ text: string }>) => ({
      reached: Math.max(...sent.filter((q) => q.text.includes('::tid') && q.text.includes('DELETE'))
        .map((q) => Number(/ctid < '\((\d+),0\)'::tid/.exec(q.text)![1]))),
      pages: (await db.query<{ n: number }>("SELECT (pg_relation_size('sessions') / current_setting('block_size')::int)::int AS n")).rows[0]!.n,
    });
    const run = async (options = {}) => {
      const spy = recordQueries(db);
      try {
        // auto: rule 1 sweeps alone (rule 2 keeps to its index), the case an early stop applies to.
        const report = await cleanupSessions(db, { batchSize: 1000, ...options });
        expect(report.scans).toMatchObject({ expired: 'blocks', revoked: 'index' });
        return { report, sent: spy.sent };
      } finally {
        spy.restore();
      }
    };

    it('without reading the live rows after them', async () => {
      await createSchema(db);
      await insertSessions(db, [...expiredFirst(6000), ...liveAfter(6000)]);
      await db.query('VACUUM ANALYZE sessions');
      const { report, sent } = await run();
      expect(report.deleted.expired).toBe(6000);
      expect(report.backlog.expired).toEqual({ rows: 0, capped: false });
      const { reached, pages } = await sweptBlocks(sent);
      expect(reached).toBeLessThan(pages * 0.75);
      expect(await sessionIds(db)).toEqual(liveAfter(6000).map((r) => r.id).sort());
    });

    it('never leaves a row that matched at start, however far in the heap', async () => {
      await createSchema(db);
      await insertSessions(db, [...expiredFirst(6000), ...liveAfter(6000), ...expiredFirst(3, 'straggler')]);
      await db.query('VACUUM ANALYZE sessions');
      const { report, sent } = await run();
      expect(report.deleted.expired).toBe(6003);
      const { reached, pages } = await sweptBlocks(sent);
      expect(reached).toBe(pages);
      expect((await sessionIds(db)).filter((id) => !id.startsWith('l'))).toEqual([]);
    });

    it('runs to the end past a row the app holds, which it skips after the short lock wait', async () => {
      await createSchema(db);
      await insertSessions(db, [...expiredFirst(6000), ...liveAfter(6000)]);
      await db.query('VACUUM ANALYZE sessions');
      const app = await connect(database);
      try {
        await app.query("BEGIN; SELECT * FROM sessions WHERE id = 'e10' FOR UPDATE");
        const started = Date.now();
        const { report, sent } = await run({ lockTimeoutMs: 5000 });
        expect(Date.now() - started).toBeLessThan(4000);
        expect(report.deleted.expired).toBe(5999);
        const { reached, pages } = await sweptBlocks(sent);
        expect(reached).toBe(pages);
        await app.query('ROLLBACK');
      } finally {
        await app.end();
      }
      expect((await sessionIds(db)).filter((id) => !id.startsWith('l'))).toEqual(['e10']);
    });

    it('runs to the end when the count takes longer than its statement_timeout', async () => {
      await createSchema(db);
      await insertSessions(db, [...expiredFirst(6000), ...liveAfter(6000)]);
      await db.query('VACUUM ANALYZE sessions');
      // The count, made slow: the server cancels it (57014) after the early stop's own timeout.
      const original = db.query;
      (db as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => (typeof args[0] === 'string'
        && args[0].startsWith('SELECT count(*)::int AS n FROM "public"."sessions" WHERE "expires" <')
        ? (original as (...a: unknown[]) => unknown).call(db, 'SELECT pg_sleep(2)::text AS n')
        : (original as (...a: unknown[]) => unknown).apply(db, args));
      let result;
      try {
        result = await run();
      } finally {
        db.query = original;
      }
      expect(result.report.deleted.expired).toBe(6000);
      const { reached, pages } = await sweptBlocks(result.sent);
      expect(reached).toBe(pages);
      expect(result.sent.filter((q) => q.text.startsWith('SELECT count(*)::int AS n FROM "public"."sessions" WHERE "expires" <'))).toHaveLength(1);
    });

    it('is not tried when expiry is in random places: no count, the sweep reads the table', async () => {
      await createSchema(db);
      // Expired and live rows alternate, each kind in shuffled expiry order (7919 is prime to 6000).
      const shuffled = (rows: SessionRow[], base: number) => rows.map((row, i) => ({ ...row, expiresIn: base + ((i * 7919) % 6000) }));
      const live = shuffled(liveAfter(6000), DAY);
      const mixed = shuffled(expiredFirst(6000), -2 * DAY).flatMap((row, i) => [row, live[i]!]);
      await insertSessions(db, mixed);
      await db.query('VACUUM ANALYZE sessions');
      const { report, sent } = await run();
      expect(report.deleted.expired).toBe(6000);
      expect(sent.filter((q) => q.text.includes('pg_stats') && q.values.includes('sessions'))).toHaveLength(1);
      expect(sent.filter((q) => /SELECT count\(\*\)::int AS n FROM "public"."sessions" WHERE "expires" </.test(q.text))).toEqual([]);
      const { reached, pages } = await sweptBlocks(sent);
      expect(reached).toBe(pages);
    });
  });

  it('a block sweep stopped by the deadline reports the rows left in the blocks it did not reach', async () => {
    await createSchema(db);
    await insertSessions(db, [...deletable(24000), ...liveRows]);
    let calls = 0;
    const report = await cleanupSessions(db, { scanStrategy: 'blocks', targetBatchMs: 60_000, safetyMarginMs: 5000,
      remainingTimeMs: () => (++calls <= 2 ? 60_000 : 1_000) });
    expect(report).toMatchObject({ stoppedForDeadline: true, batches: 2, scans: { expired: 'blocks' } });
    expect(report.deleted.expired).toBeGreaterThan(0);
    const left = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions WHERE expires < now()')).rows[0]!.n;
    expect(left).toBe(24000 - report.deleted.expired);
    expect(report.backlog.expired).toEqual({ rows: left, capped: false });
  });

  it('reports the overflow backlog left when the deadline stops the per-user walk', async () => {
    await createSchema(db);
    const rows: SessionRow[] = [];
    for (let u = 0; u < 4; u++) {
      for (let i = 0; i < 5; i++) rows.push({ id: `u${u}-${i}`, userId: `user-${u}`, expiresIn: DAY, createdIn: -60 * (i + 1), revokedIn: i >= 2 ? -60 : null });
    }
    await insertSessions(db, rows);
    const report = await cleanupSessions(db, { maxSessionsPerUser: 2, deadline: Date.now() - 1 });
    expect(report.stoppedForDeadline).toBe(true);
    expect(report.backlog.overflow).toEqual({ rows: 12, capped: false });
  });

  it('never blocks on rows the app holds: locked rows are skipped and left for the next run', async () => {
    await createSchema(db);
    await insertSessions(db, deletable(10));
    const app = await connect(database);
    try {
      await app.query("BEGIN; SELECT * FROM sessions WHERE id = 'x3' FOR UPDATE");
      const report = await cleanupSessions(db, { lockTimeoutMs: 200 });
      expect(report.deleted.expired).toBe(9);
      expect(report.backlog.expired).toEqual({ rows: 1, capped: false });
      await app.query('ROLLBACK');
    } finally {
      await app.end();
    }
  });

  it('the pg_locks query of docs/session-cleanup.md finds the run holding the lock', async () => {
    const doc = readFileSync(join(__dirname, '../../../docs/session-cleanup.md'), 'utf8');
    const query = [...doc.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]!).find((sql) => sql.includes('pg_locks'));
    expect(query).toBeDefined();
    await createSchema(db);
    const holder = await connect(database);
    try {
      const pid = (await holder.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      expect((await db.query(query!)).rows).toEqual([]);
      await holder.query('SELECT pg_advisory_lock($1::bigint)', [CLEANUP_ADVISORY_LOCK_KEY]);
      expect((await db.query(query!)).rows).toEqual([expect.objectContaining({ pid, granted: true })]);
    } finally {
      await holder.end();
    }
  });

  it('holds the advisory lock under the documented key', async () => {
    await createSchema(db);
    const other = await connect(database);
    try {
      await other.query('SELECT pg_advisory_lock($1::bigint)', [CLEANUP_ADVISORY_LOCK_KEY]);
      expect((await cleanupSessions(db)).skippedForLock).toBe(true);
    } finally {
      await other.end();
    }
  });
});
