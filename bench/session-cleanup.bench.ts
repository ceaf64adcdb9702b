// Benchmark of the session cleanup (CL-SES-1) against a real PostgreSQL started like the test suite's.
//   npx tsx bench/session-cleanup.bench.ts                 full size: 2,000,000 sessions, half deletable
//   BENCH_SESSIONS=200000 npx tsx bench/session-cleanup.bench.ts   quick run
//   BENCH_BATCH_SIZE=5000 ...                               try another batch size (default: the job's default)
// Measures cleanupSessions against one plain DELETE of the same rows (same dataset reloaded, same run), its
// longest transaction, session look-up latency on a second connection during cleanup vs idle, and the
// handler bundle (size, cold init). Prints PASS/MISS per goal; it asserts nothing.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from 'pg';
import { esbuildOptions } from '../lib/constructs/lambda-bundling';
import { cleanupSessions, CleanupReport, DEFAULT_CLEANUP_OPTIONS } from '../lambdas/session-cleanup/cleanup';
import { createTestDatabase, dropTestDatabase, pgConfig } from '../test/support/postgres';

const ROOT = resolve(__dirname, '..');
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 2_000_000);
const BATCH_SIZE = Number(process.env.BENCH_BATCH_SIZE ?? DEFAULT_CLEANUP_OPTIONS.batchSize);
const IDLE_LOOKUP_MS = 3_000;

/** The dataset's shape; every count is exact so both runs can be checked to delete the same rows. */
function shape(total: number) {
  const overflowUsers = Math.max(1, Math.round((total * 0.075) / 150));
  const overflowRows = overflowUsers * 150; // 150 sessions each: newest 100 live, 50 revoked an hour ago
  const rest = total - overflowRows;
  const restDeletable = Math.floor(total / 2) - overflowUsers * 50;
  const expired = Math.round(restDeletable * 0.8);
  let prime = 1_000_003;
  while (rest % prime === 0) prime += 2;
  return { overflowUsers, overflowRows, rest, restUsers: Math.max(1, Math.floor(rest / 18)), expired, revoked: restDeletable - expired, prime,
    deletable: overflowUsers * 50 + restDeletable };
}
type Shape = ReturnType<typeof shape>;

/** The indexes docs/session-cleanup.md recommends, plus the app's own (primary key, unique token). */
const INDEXES = [
  'ALTER TABLE sessions ADD PRIMARY KEY (id)',
  'CREATE UNIQUE INDEX sessions_session_token_key ON sessions (session_token)',
  'CREATE INDEX sessions_expires_idx ON sessions (expires)',
  'CREATE INDEX sessions_user_id_created_at_idx ON sessions (user_id, created_at DESC)',
  'CREATE INDEX sessions_revoked_at_idx ON sessions (revoked_at) WHERE revoked_at IS NOT NULL',
];

async function load(db: Client, s: Shape): Promise<number> {
  const start = performance.now();
  await db.query('DROP TABLE IF EXISTS sessions');
  await db.query(`CREATE TABLE sessions (id text NOT NULL, session_token text NOT NULL, user_id text NOT NULL,
    expires timestamptz NOT NULL, created_at timestamptz NOT NULL, revoked_at timestamptz)`);
  // Users over the per-user limit: rank k = 0 is the newest.
  await db.query(`INSERT INTO sessions
    SELECT 's' || i, md5(i::text), 'o' || ((i - 1) / 150), now() + interval '1 day',
           now() - interval '1 hour' - ((i - 1) % 150) * interval '1 minute',
           CASE WHEN (i - 1) % 150 >= 100 THEN now() - interval '1 hour' END
      FROM generate_series(1, $1::int) i`, [s.overflowRows]);
  // Everyone else (about 18 sessions per user); v permutes j so the deletable rows are spread over the heap.
  await db.query(`INSERT INTO sessions
    SELECT 's' || (j + $1), md5((j + $1)::text), 'u' || (j % $3), expires, now() - (v % 43200) * interval '1 minute', revoked
      FROM (SELECT j, v,
                   CASE WHEN v < $4 THEN now() - (1 + v % 10000) * interval '1 minute'
                        WHEN v < $4 + $5 THEN now() + interval '30 days'
                        ELSE now() + interval '1 day' + (v % 10000) * interval '1 minute' END AS expires,
                   CASE WHEN v >= $4 AND v < $4 + $5 THEN now() - interval '8 days' - (v % 20000) * interval '1 minute' END AS revoked
              FROM (SELECT j, (j::bigint * $6) % $2 AS v FROM generate_series(1, $2::int) j) p) x`,
  [s.overflowRows, s.rest, s.restUsers, s.expired, s.revoked, s.prime]);
  await db.query("SET maintenance_work_mem = '512MB'");
  for (const sql of INDEXES) await db.query(sql);
  await db.query('VACUUM ANALYZE sessions');
  // Start the measurements without the load's dirty pages still being flushed.
  await db.query('CHECKPOINT');
  return performance.now() - start;
}

/** One plain DELETE of exactly the rows the cleanup rules delete on this dataset. */
const SINGLE_DELETE = `DELETE FROM sessions WHERE expires < now() OR revoked_at < now() - interval '7 days'
  OR ctid IN (SELECT ctid FROM (SELECT ctid, expires, revoked_at,
        row_number() OVER (PARTITION BY user_id ORDER BY created_at DESC, id DESC) AS rn FROM sessions) r
      WHERE rn > 100 AND (expires <= now() OR revoked_at IS NOT NULL))`;

/** Look-ups by token (what every authenticated request does) on their own connection until stopped. */
function lookups(client: Client, total: number): { stop: () => Promise<number[]> } {
  const latencies: number[] = [];
  let running = true;
  let failed = false;
  const loop = (async () => {
    // Ends with the measurements so far if the connection goes away (e.g. the run failed).
    while (running && !failed) {
      const token = createHash('md5').update(String(1 + Math.floor(Math.random() * total))).digest('hex');
      const t = performance.now();
      await client.query({ name: 'session-by-token', text: 'SELECT id, user_id, expires, revoked_at FROM sessions WHERE session_token = $1', values: [token] })
        .catch(() => { failed = true; });
      latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 1));
    }
  })();
  return { stop: async () => { running = false; await loop; return latencies; } };
}

/** Durations of every BEGIN..COMMIT/ROLLBACK the cleanup sends, measured client-side, with what each did. */
function timeTransactions(client: Client): Array<{ ms: number; what: string }> {
  const durations: Array<{ ms: number; what: string }> = [];
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  let began = 0;
  let what = '';
  (client as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = async (...args: unknown[]) => {
    const text = typeof args[0] === 'string' ? args[0] : '';
    if (text.startsWith('BEGIN')) {
      began = performance.now();
      what = '';
    } else if (!what) what = text.replace(/\s+/g, ' ').slice(0, 400);
    const result = await query(...args);
    if (text === 'COMMIT' || text === 'ROLLBACK') durations.push({ ms: performance.now() - began, what });
    return result;
  };
  return durations;
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

async function bundle(): Promise<{ bytes: number; coldInitMs: number[] }> {
  const outdir = join(ROOT, '.bench', 'bundle');
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, 'index.js');
  await build({ ...esbuildOptions('session-cleanup/index.ts', outfile), logLevel: 'error' });

  const env = { ...process.env, DB_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:x', DB_PROXY_ENDPOINT: 'proxy.example',
    DB_NAME: 'app', METRICS_NAMESPACE: 'Bench', AWS_REGION: 'eu-west-1', NODE_OPTIONS: '' };
  const script = `const t = process.hrtime.bigint(); require(${JSON.stringify(outfile)}); console.log(Number(process.hrtime.bigint() - t) / 1e6);`;
  const coldInitMs: number[] = [];
  for (let i = 0; i < 7; i++) {
    const run = spawnSync(process.execPath, ['-e', script], { env, cwd: outdir, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`bundle failed to load: ${run.stderr}`);
    coldInitMs.push(Number(run.stdout.trim()));
  }
  return { bytes: statSync(outfile).size, coldInitMs };
}

async function main(): Promise<void> {
  const setupUrl = pathToFileURL(join(ROOT, 'test/support/postgres-setup.mjs')).href;
  const teardownUrl = pathToFileURL(join(ROOT, 'test/support/postgres-teardown.mjs')).href;
  const setup = (await import(setupUrl)).default as () => Promise<void>;
  const teardown = (await import(teardownUrl)).default as () => Promise<void>;
  const s = shape(SESSIONS);
  console.log(`sessions: ${SESSIONS.toLocaleString()}, deletable: ${s.deletable.toLocaleString()} (expired ${s.expired}, revoked ${s.revoked}, `
    + `overflow ${s.overflowUsers * 50} over ${s.overflowUsers} users), batch size ${BATCH_SIZE}`);

  await setup();
  const database = await createTestDatabase('bench');
  const db = new Client(pgConfig({ database }));
  const probe = new Client(pgConfig({ database }));
  await db.connect();
  await probe.connect();
  let report: CleanupReport;
  let cleanupMs: number;
  let baselineMs: number;
  let baselineDeleted: number;
  let idle: number[];
  let during: number[];
  let duringBaseline: number[];
  let transactions: Array<{ ms: number; what: string }>;
  try {
    console.log(`load: ${(await load(db, s) / 1000).toFixed(1)} s`);
    let loop = lookups(probe, SESSIONS);
    await new Promise((r) => setTimeout(r, IDLE_LOOKUP_MS));
    idle = await loop.stop();

    loop = lookups(probe, SESSIONS);
    const cleanupClient = new Client(pgConfig({ database }));
    await cleanupClient.connect();
    transactions = timeTransactions(cleanupClient);
    let t = performance.now();
    report = await cleanupSessions(cleanupClient, { batchSize: BATCH_SIZE });
    await cleanupClient.end();
    cleanupMs = performance.now() - t;
    during = await loop.stop();
    const total = Object.values(report.deleted).reduce((a, b) => a + b, 0);
    if (total !== s.deletable) throw new Error(`cleanup deleted ${total}, expected ${s.deletable}`);
    console.log('cleanup report:', JSON.stringify({ ...report, warnings: report.warnings.length }));

    console.log(`reload: ${(await load(db, s) / 1000).toFixed(1)} s`);
    // Enough memory to hash the overflow ctids: with the default 4 MB the planner falls back to a
    // per-row scan of the sub-select, which is quadratic and no fair baseline.
    await db.query("SET work_mem = '256MB'");
    loop = lookups(probe, SESSIONS);
    t = performance.now();
    baselineDeleted = (await db.query(SINGLE_DELETE)).rowCount ?? 0;
    baselineMs = performance.now() - t;
    duringBaseline = await loop.stop();
    if (baselineDeleted !== s.deletable) throw new Error(`single DELETE deleted ${baselineDeleted}, expected ${s.deletable}`);
  } finally {
    await probe.end();
    await db.end();
    await dropTestDatabase(database);
    await teardown();
  }
  const b = await bundle();

  const cleanupRate = s.deletable / (cleanupMs / 1000);
  const baselineRate = baselineDeleted / (baselineMs / 1000);
  const ratio = cleanupRate / baselineRate;
  const p99 = (v: number[]) => percentile(v, 99);
  const median = percentile(b.coldInitMs, 50);
  const txMs = transactions.map((t) => t.ms);
  const byKind = new Map<string, { ms: number; n: number }>();
  for (const t of transactions) {
    const kind = t.what.startsWith('DELETE') ? (t.what.includes('unnest') ? 'overflow DELETE' : t.what.includes('::tid') ? 'sweep DELETE' : 'index DELETE') : t.what.split(' ').slice(0, 3).join(' ');
    const k = byKind.get(kind) ?? { ms: 0, n: 0 };
    byKind.set(kind, { ms: k.ms + t.ms, n: k.n + 1 });
  }
  console.log('cleanup time by transaction kind:', [...byKind].map(([k, v]) => `${k}: ${v.n} x, ${v.ms.toFixed(0)} ms`).join('; '));
  console.log('slowest cleanup transactions:');
  for (const t of [...transactions].sort((a, b) => b.ms - a.ms).slice(0, 4)) console.log(`  ${t.ms.toFixed(1)} ms  ${t.what.includes('::tid') ? '[sweep] ' : ''}${t.what.slice(0, 70)}`);
  const rows: Array<[string, string, string, boolean | null]> = [
    ['cleanup throughput', `${Math.round(cleanupRate).toLocaleString()} rows/s (${(cleanupMs / 1000).toFixed(1)} s, ${report.batches} batches)`, '', null],
    ['single DELETE throughput', `${Math.round(baselineRate).toLocaleString()} rows/s (${(baselineMs / 1000).toFixed(1)} s, one transaction)`, '', null],
    ['cleanup / single DELETE', `${ratio.toFixed(2)}x`, '>= 0.8x', ratio >= 0.8],
    ['longest cleanup transaction', `${report.maxTransactionMs.toFixed(1)} ms`, '<= 250 ms', report.maxTransactionMs <= 250],
    ['cleanup transactions', `p50 ${percentile(txMs, 50).toFixed(1)} ms, p99 ${percentile(txMs, 99).toFixed(1)} ms, n=${txMs.length}`, '', null],
    ['look-up p99 idle', `${p99(idle).toFixed(2)} ms (p50 ${percentile(idle, 50).toFixed(2)}, n=${idle.length})`, '', null],
    ['look-up p99 during cleanup', `${p99(during).toFixed(2)} ms (p50 ${percentile(during, 50).toFixed(2)}, max ${Math.max(...during).toFixed(1)}, n=${during.length})`, '<= 5 ms', p99(during) <= 5],
    ['look-up p99 during single DELETE', `${p99(duringBaseline).toFixed(2)} ms (max ${Math.max(...duringBaseline).toFixed(1)}, n=${duringBaseline.length})`, '', null],
    ['handler bundle (@aws-sdk/* external)', `${(b.bytes / 1024).toFixed(1)} KB`, '<= 250 KB', b.bytes <= 250 * 1024],
    ['cold init (require bundle, median of 7)', `${median.toFixed(1)} ms (${b.coldInitMs.map((v) => v.toFixed(0)).join(', ')})`, '', null],
  ];
  rows.push(['machine load average (1 min) at the end', `${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs`, '', null]);
  const width = [Math.max(...rows.map((r) => r[0].length)), Math.max(...rows.map((r) => r[1].length)), 9];
  console.log(`\n${'measure'.padEnd(width[0]!)}  ${'result'.padEnd(width[1]!)}  ${'goal'.padEnd(width[2]!)}  verdict`);
  for (const [name, value, goal, ok] of rows) {
    console.log(`${name.padEnd(width[0]!)}  ${value.padEnd(width[1]!)}  ${goal.padEnd(width[2]!)}  ${ok === null ? '' : ok ? 'PASS' : 'MISS'}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
