// CL-SES-1 property: over random datasets and options, cleanup keeps every live session and leaves nothing
// deletable; the expected survivors are computed independently in JS.
import fc from 'fast-check';
import type { Client } from 'pg';
import { cleanupSessions } from '../../../lambdas/session-cleanup/cleanup';
import { createTestDatabase, dropTestDatabase } from '../../support/postgres';
import { DAY, HOUR, SessionRow, connect, createSchema, insertSessions, sessionIds } from './fixtures';

let database: string;
let db: Client;

beforeAll(async () => {
  database = await createTestDatabase('cleanup_prop');
  db = await connect(database);
  await createSchema(db);
});
afterAll(async () => {
  await db.end();
  await dropTestDatabase(database);
});

interface Rules { deleteExpired: boolean; deleteRevoked: boolean; deleteOverflow: boolean; expiredGraceSeconds: number; revokedRetentionSeconds: number; maxSessionsPerUser: number }

// Every time is a whole number of hours plus half an hour from now: rule boundaries are whole hours from now,
// so no row sits near one and the seconds the run takes cannot change the outcome.
const offHour = (min: number, max: number) => fc.integer({ min, max }).map((h) => h * HOUR + 30 * 60);

const session = (userCount: number) => fc.record({
  user: fc.integer({ min: 0, max: userCount - 1 }),
  expiresIn: offHour(-240, 240),
  // created_at collides often (few distinct values) to exercise the id tie-break.
  createdIn: fc.integer({ min: -30, max: 0 }).map((h) => h * HOUR - 30 * 60),
  revokedIn: fc.option(offHour(-240, -1), { nil: null, freq: 2 }),
});

const dataset = fc.oneof(
  // Small limits, many users.
  fc.record({ max: fc.integer({ min: 1, max: 6 }), sessions: fc.array(session(8), { maxLength: 120 }) }),
  // The default limit of 100 with some users well over it.
  fc.record({ max: fc.constant(100), sessions: fc.array(session(3), { minLength: 150, maxLength: 400 }) }),
);

const rules = fc.record({
  deleteExpired: fc.boolean(),
  deleteRevoked: fc.boolean(),
  deleteOverflow: fc.boolean(),
  expiredGraceSeconds: fc.constantFrom(0, HOUR, -HOUR, 2 * DAY),
  revokedRetentionSeconds: fc.constantFrom(7 * DAY, HOUR, 0),
});

/** The survivors the rules promise, computed in JS with times relative to now (= 0). */
function expectedSurvivors(rows: SessionRow[], r: Rules): Set<string> {
  const isLive = (s: SessionRow) => s.expiresIn > 0 && s.revokedIn == null;
  let left = rows.filter((s) => !(r.deleteExpired && !isLive(s) && s.expiresIn < -r.expiredGraceSeconds));
  left = left.filter((s) => !(r.deleteRevoked && !isLive(s) && s.revokedIn != null && s.revokedIn < -r.revokedRetentionSeconds));
  if (r.deleteOverflow) {
    const byUser = new Map<string, SessionRow[]>();
    for (const s of left) byUser.set(s.userId, [...(byUser.get(s.userId) ?? []), s]);
    const drop = new Set<string>();
    for (const list of byUser.values()) {
      list.sort((a, b) => b.createdIn - a.createdIn || (a.id < b.id ? 1 : -1));
      list.slice(r.maxSessionsPerUser).filter((s) => !isLive(s)).forEach((s) => drop.add(s.id));
    }
    left = left.filter((s) => !drop.has(s.id));
  }
  return new Set(left.map((s) => s.id));
}

it('keeps every live session, deletes exactly what the rules allow, and leaves nothing deletable', async () => {
  await fc.assert(
    fc.asyncProperty(dataset, rules, fc.integer({ min: 1, max: 40 }), fc.constantFrom('auto', 'index', 'blocks' as const), async ({ max, sessions }, ruleSet, batchSize, scanStrategy) => {
      const r: Rules = { ...ruleSet, maxSessionsPerUser: max };
      // Ids of equal length, digits only, so JS and any database collation order them alike.
      const rows: SessionRow[] = sessions.map((s, i) => ({ id: `s${String(i).padStart(5, '0')}`, userId: `user-${s.user}`,
        expiresIn: s.expiresIn, createdIn: s.createdIn, revokedIn: s.revokedIn }));
      await db.query('TRUNCATE sessions');
      await insertSessions(db, rows);

      // Small slices so users are often cut short at a slice boundary.
      const report = await cleanupSessions(db, { ...r, batchSize, scanStrategy, overflowScanChunk: max + 1 + batchSize });

      const left = await sessionIds(db);
      const expected = expectedSurvivors(rows, r);
      const liveIds = rows.filter((s) => s.expiresIn > 0 && s.revokedIn == null).map((s) => s.id);
      for (const id of liveIds) expect(left).toContain(id);
      expect(left).toEqual([...expected].sort());
      expect(report.deleted.expired + report.deleted.revoked + report.deleted.overflow).toBe(rows.length - left.length);
      // Nothing deletable remains: another run finds nothing and no backlog.
      const again = await cleanupSessions(db, r);
      expect(again.deleted).toMatchObject({ expired: 0, revoked: 0, overflow: 0 });
      for (const b of Object.values(again.backlog)) expect(b.rows).toBe(0);
    }),
    // Shrinking re-runs the database work; bound it so a failure reports quickly.
    { numRuns: 40, interruptAfterTimeLimit: 20_000, markInterruptAsFailure: true },
  );
});
