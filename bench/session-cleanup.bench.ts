// Benchmark of the session cleanup (CL-SES-1) against a real PostgreSQL started like the test suite's, on several
// data shapes. Per shape it loads the table once into a template database; each run then copies it (byte for byte,
// CREATE DATABASE ... STRATEGY FILE_COPY) for cleanupSessions with default options and again for one plain DELETE of
// exactly the same rows, the two in alternating order. One run of each takes about a second, and on a shared
// 2-core machine such a run varies by +-15%, so the verdict is the median of BENCH_RUNS runs (the range is printed
// too). It prints the throughput ratio (goal >= 0.8x), the same ratio in server CPU time and the longest cleanup
// transaction of any run (goal <= 250 ms); then the handler bundle (size, cold init). Prints PASS/MISS; asserts
// nothing.
//   npx tsx bench/session-cleanup.bench.ts                        every shape at 2,000,000 sessions, 5 runs each
//   BENCH_SESSIONS=200000 npx tsx bench/session-cleanup.bench.ts  quick run
//   BENCH_SHAPES=issue,clustered ...                              some shapes only
//   BENCH_RUNS=5 ...                                              runs per shape
//   BENCH_BATCH_SIZE=5000 ...                                     another batch size (default: the job's default)
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from 'pg';
import { cleanupSessions, CleanupReport, DEFAULT_CLEANUP_OPTIONS } from '../lambdas/session-cleanup/cleanup';
import { pgConfig } from '../test/support/postgres';
import { esbuildOptions } from '../lib/constructs/lambda-bundling';

const ROOT = resolve(__dirname, '..');
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 2_000_000);
const BATCH_SIZE = Number(process.env.BENCH_BATCH_SIZE ?? DEFAULT_CLEANUP_OPTIONS.batchSize);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

/**
 * Rows deleted by the overflow rule (default limit 100): non-live sessions ranked after a user's newest 100, among
 * the sessions rules 1-2 (`others`) leave.
 */
const overflow = (others: string) => `ctid IN (SELECT ctid FROM (SELECT ctid, expires, revoked_at,
    row_number() OVER (PARTITION BY user_id ORDER BY created_at DESC, id DESC) AS rn FROM sessions WHERE NOT (${others})) r
  WHERE rn > 100 AND (expires <= now() OR revoked_at IS NOT NULL))`;

interface Shape {
  name: string;
  description: string;
  /** INSERT ... SELECT statements filling the table, with $1 = total rows. */
  inserts: string[];
  /** Indexes beyond the primary key, the token's unique index and the two every shape has. */
  extraIndexes?: string[];
  /** WHERE clause of the one plain DELETE that removes exactly what the cleanup rules remove on this shape. */
  deletes: string;
}

/** A multiplier coprime with any total we use: `(i * P) % n` permutes 1..n so "random" rows are spread over the heap. */
const P = 1_000_003;
const randomExpiry = (expiredShare: string) => `CASE WHEN (i::bigint * ${P}) % $1 < $1 * ${expiredShare}
    THEN now() - (1 + (i::bigint * ${P}) % $1 % 10000) * interval '1 minute'
    ELSE now() + interval '1 day' + ((i::bigint * ${P}) % $1 % 10000) * interval '1 minute' END`;

const REVOKED_INDEX = ['CREATE INDEX sessions_revoked_at_idx ON sessions (revoked_at) WHERE revoked_at IS NOT NULL'];
const ISSUE_INSERT = `INSERT INTO sessions SELECT 's' || i, md5(i::text), 'u' || (i % ($1 / 40)), ${randomExpiry('0.5')},
  now() - (i % 43200) * interval '1 minute', NULL FROM generate_series(1, $1::int) i`;

/** Every shape but `issue` has all the indexes docs/session-cleanup.md recommends. */
const SHAPES: Shape[] = [
  {
    name: 'issue',
    description: '40 sessions per user, half expired at random places in the heap, no revoked rows, no revoked_at index (as filed)',
    inserts: [ISSUE_INSERT],
    deletes: 'expires < now()',
  },
  {
    name: 'issue-indexed',
    description: 'the same with the recommended revoked_at index',
    inserts: [ISSUE_INSERT],
    extraIndexes: REVOKED_INDEX,
    deletes: 'expires < now()',
  },
  {
    name: 'many-users',
    description: '3 sessions per user, half expired at random',
    inserts: [`INSERT INTO sessions SELECT 's' || i, md5(i::text), 'u' || (i % ($1 / 3)), ${randomExpiry('0.5')},
      now() - (i % 43200) * interval '1 minute', NULL FROM generate_series(1, $1::int) i`],
    extraIndexes: REVOKED_INDEX,
    deletes: 'expires < now()',
  },
  {
    name: 'few-users',
    description: '1,000 sessions per user, half expired at random, 20% of the rest revoked an hour ago (overflow deletes them beyond the newest 100)',
    inserts: [`INSERT INTO sessions SELECT 's' || i, md5(i::text), 'u' || (i % greatest(1, $1 / 1000)), ${randomExpiry('0.5')},
      now() - (i % 43200) * interval '1 minute', CASE WHEN i % 5 = 0 THEN now() - interval '1 hour' END
      FROM generate_series(1, $1::int) i`],
    extraIndexes: REVOKED_INDEX,
    deletes: `expires < now() OR ${overflow('expires < now()')}`,
  },
  {
    name: 'clustered',
    description: '40 sessions per user, the expired half written first (expiry follows insertion order)',
    inserts: [`INSERT INTO sessions SELECT 's' || i, md5(i::text), 'u' || (i % ($1 / 40)),
      CASE WHEN i <= $1 / 2 THEN now() - interval '1 day' + (i % 1000) * interval '1 second' ELSE now() + interval '1 day' END,
      now() - interval '2 days' + i * interval '10 ms', NULL FROM generate_series(1, $1::int) i`],
    extraIndexes: REVOKED_INDEX,
    deletes: 'expires < now()',
  },
  {
    name: 'mixed',
    description: '~18 sessions per user, 38% expired and 9.5% revoked 8+ days ago at random, plus 7.5% of rows in users over the 100 limit',
    inserts: [
      // Users over the per-user limit: 150 sessions each, the newest 100 live, the rest revoked an hour ago.
      `INSERT INTO sessions SELECT 'o' || i, md5('o' || i), 'o' || ((i - 1) / 150), now() + interval '1 day',
        now() - interval '1 hour' - ((i - 1) % 150) * interval '1 minute', CASE WHEN (i - 1) % 150 >= 100 THEN now() - interval '1 hour' END
        FROM generate_series(1, ($1 * 0.075 / 150)::int * 150) i`,
      `INSERT INTO sessions SELECT 's' || i, md5(i::text), 'u' || (i % ($1 / 18)),
        CASE WHEN (i::bigint * ${P}) % $1 < $1 * 0.38 THEN now() - (1 + i % 10000) * interval '1 minute' ELSE now() + interval '1 day' END,
        now() - (i % 43200) * interval '1 minute',
        CASE WHEN (i::bigint * ${P}) % $1 >= $1 * 0.38 AND (i::bigint * ${P}) % $1 < $1 * 0.475 THEN now() - interval '8 days' - (i % 20000) * interval '1 minute' END
        FROM generate_series(1, ($1 * 0.925)::int) i`,
    ],
    extraIndexes: REVOKED_INDEX,
    deletes: `expires < now() OR revoked_at < now() - interval '7 days' OR ${overflow("expires < now() OR coalesce(revoked_at < now() - interval '7 days', false)")}`,
  },
];

/** The app's own indexes (primary key, unique token) and the two of the issue's shape, on every shape. */
const INDEXES = [
  'ALTER TABLE sessions ADD PRIMARY KEY (id)',
  'CREATE UNIQUE INDEX sessions_session_token_key ON sessions (session_token)',
  'CREATE INDEX sessions_expires_idx ON sessions (expires)',
  'CREATE INDEX sessions_user_id_created_at_idx ON sessions (user_id, created_at DESC)',
];

/** Loads the shape and returns how many rows its plain DELETE (and so the cleanup) must remove. */
async function load(db: Client, shape: Shape): Promise<{ ms: number; deletable: number }> {
  const start = performance.now();
  await db.query(`CREATE TABLE sessions (id text NOT NULL, session_token text NOT NULL, user_id text NOT NULL,
    expires timestamptz NOT NULL, created_at timestamptz NOT NULL, revoked_at timestamptz)`);
  for (const sql of shape.inserts) await db.query(sql, [SESSIONS]);
  await db.query("SET maintenance_work_mem = '512MB'");
  for (const sql of [...INDEXES, ...(shape.extraIndexes ?? [])]) await db.query(sql);
  await db.query('VACUUM ANALYZE sessions');
  const deletable = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM sessions WHERE ${shape.deletes}`)).rows[0]!.n;
  return { ms: performance.now() - start, deletable };
}

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

/** Durations of every BEGIN..COMMIT/ROLLBACK the cleanup sends (also as one query string), measured client-side, with what each did. */
function timeTransactions(client: Client): Array<{ ms: number; what: string }> {
  const durations: Array<{ ms: number; what: string }> = [];
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  let began = 0;
  let what = '';
  (client as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = async (...args: unknown[]) => {
    const text = typeof args[0] === 'string' ? args[0] : '';
    const oneTrip = text.startsWith('BEGIN') && text.endsWith('; COMMIT');
    if (text.startsWith('BEGIN')) {
      began = performance.now();
      what = oneTrip ? text.split(';').slice(5, -1).join(';').replace(/\s+/g, ' ').trim().slice(0, 400) : '';
    } else if (!what) what = text.replace(/\s+/g, ' ').slice(0, 400);
    const result = await query(...args);
    if (oneTrip || text === 'COMMIT' || text === 'ROLLBACK') durations.push({ ms: performance.now() - began, what });
    return result;
  };
  return durations;
}

/**
 * CPU time (user + system, ms) the server process behind `client` has used so far, from /proc (Linux; the server
 * is local); undefined elsewhere. Unlike wall time it hardly moves with the load other processes put on the machine.
 */
async function serverCpu(client: Client): Promise<(() => number | undefined)> {
  const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  const read = (): number | undefined => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    } catch {
      return undefined;
    }
  };
  const start = read();
  return () => { const now = read(); return start === undefined || now === undefined ? undefined : now - start; };
}

/**
 * Where the server spent the time of what ran since the last call: the statements with the most execution time
 * (pg_stat_statements, preloaded by the test server; constants are normalized, so all batches of one kind are one
 * line), with the buffers and WAL they used. The probe's look-ups are left out.
 */
async function statementStats(db: Client): Promise<string[]> {
  const { rows } = await db.query<{ calls: string; exec: number; hit: string; read: string; dirtied: string; written: string; fpi: string; wal: string; query: string }>(
    `SELECT calls, total_exec_time AS exec, shared_blks_hit AS hit, shared_blks_read AS read, shared_blks_dirtied AS dirtied,
            shared_blks_written AS written, wal_fpi AS fpi, wal_bytes AS wal, query
       FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND query NOT LIKE '%session_token = $1%' AND query NOT LIKE '%pg_stat_statements%'
      ORDER BY total_exec_time DESC LIMIT 4`);
  await db.query('SELECT pg_stat_statements_reset()');
  const n = (v: string) => Number(v).toLocaleString();
  return rows.map((r) => `${n(r.calls)} x ${r.exec.toFixed(0)} ms, blocks hit ${n(r.hit)} read ${n(r.read)} dirtied ${n(r.dirtied)} `
    + `written ${n(r.written)}, WAL ${(Number(r.wal) / 2 ** 20).toFixed(0)} MB (${n(r.fpi)} full pages): ${r.query.replace(/\s+/g, ' ').slice(0, 90)}`);
}

/**
 * statementStats of `database`'s statements, each run on a fresh copy; with `explain`, first the plan of that
 * statement (e.g. a bitmap of the expires index for the one DELETE: only the matching rows are visited).
 */
async function statementsIn(database: string, explain?: string): Promise<string[]> {
  const client = new Client(pgConfig({ database }));
  await client.connect();
  try {
    const plan = explain ? (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (COSTS OFF) ${explain}`)).rows : [];
    const lines = await statementStats(client);
    return plan.length ? [`plan: ${plan.map((r) => r['QUERY PLAN'].trim()).join(' | ').slice(0, 300)}`, ...lines] : lines;
  } finally {
    await client.end();
  }
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

/** One run of the cleanup and of the single DELETE, each on its own copy of the shape's table. */
interface Run {
  report: CleanupReport;
  cleanupMs: number;
  baselineMs: number;
  /** Server CPU ms of the cleanup's and of the DELETE's connection. */
  cleanupCpuMs?: number;
  baselineCpuMs?: number;
  transactions: Array<{ ms: number; what: string }>;
  lookupsDuring: number[];
  lookupsBaseline: number[];
}

interface ShapeResult {
  shape: Shape;
  deletable: number;
  runs: Run[];
}

/** A fresh database holding a byte-for-byte copy of `template` (files copied, then checkpointed). */
async function copyOf(admin: Client, template: string, name: string): Promise<void> {
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}" STRATEGY FILE_COPY`);
}

/** Connects to `database`; the probe's look-ups run on a second connection while `work` runs. */
async function measure<T>(database: string, work: (client: Client) => Promise<T>): Promise<{ result: T; ms: number; cpuMs?: number; lookups: number[] }> {
  const client = new Client(pgConfig({ database }));
  const probe = new Client(pgConfig({ database }));
  await client.connect();
  await probe.connect();
  try {
    await client.query('CHECKPOINT');
    const loop = lookups(probe, SESSIONS);
    const cpu = await serverCpu(client);
    const started = performance.now();
    const result = await work(client);
    const ms = performance.now() - started;
    const cpuMs = cpu();
    return { result, ms, cpuMs, lookups: await loop.stop() };
  } finally {
    await probe.end();
    await client.end();
  }
}

async function runShape(admin: Client, shape: Shape): Promise<ShapeResult> {
  const template = `bench_${shape.name.replace(/\W/g, '_')}`;
  const copy = `${template}_run`;
  await admin.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${template}"`);
  const db = new Client(pgConfig({ database: template }));
  await db.connect();
  let loaded: { ms: number; deletable: number };
  try {
    await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    loaded = await load(db, shape);
  } finally {
    // A template database must have no connections while it is copied.
    await db.end();
  }
  console.log(`\n[${shape.name}] ${shape.description}`);
  console.log(`  load ${(loaded.ms / 1000).toFixed(1)} s, ${loaded.deletable.toLocaleString()} of ${SESSIONS.toLocaleString()} rows deletable`);

  const cleanup = async (verbose: boolean) => {
    await copyOf(admin, template, copy);
    const measured = await measure(copy, async (client) => {
      const transactions = timeTransactions(client);
      const report = await cleanupSessions(client, { batchSize: BATCH_SIZE });
      return { report, transactions };
    });
    const { report } = measured.result;
    const total = Object.values(report.deleted).reduce((a, b) => a + b, 0);
    if (total !== loaded.deletable) throw new Error(`[${shape.name}] cleanup deleted ${total}, expected ${loaded.deletable}`);
    if (verbose) {
      console.log('  cleanup report:', JSON.stringify(report));
      const byKind = new Map<string, { ms: number; n: number }>();
      for (const x of measured.result.transactions) {
        const kind = /^(DELETE|WITH)/.test(x.what)
          ? (x.what.includes('unnest') ? 'overflow DELETE' : x.what.includes('::tid') ? 'sweep DELETE' : 'index DELETE')
          : x.what.split(' ').slice(0, 3).join(' ');
        const k = byKind.get(kind) ?? { ms: 0, n: 0 };
        byKind.set(kind, { ms: k.ms + x.ms, n: k.n + 1 });
      }
      console.log('  cleanup time by transaction kind:', [...byKind].map(([k, v]) => `${k}: ${v.n} x, ${v.ms.toFixed(0)} ms`).join('; '));
      console.log(`  cleanup, server side:\n    ${(await statementsIn(copy)).join('\n    ')}`);
    }
    return measured;
  };
  const baseline = async (verbose: boolean) => {
    await copyOf(admin, template, copy);
    const measured = await measure(copy, async (client) => {
      // Enough memory to hash the overflow ctids: with the default 4 MB the planner falls back to a per-row scan of
      // the sub-select, which is quadratic and no fair baseline.
      await client.query("SET work_mem = '256MB'");
      return (await client.query(`DELETE FROM sessions WHERE ${shape.deletes}`)).rowCount ?? 0;
    });
    if (measured.result !== loaded.deletable) throw new Error(`[${shape.name}] single DELETE deleted ${measured.result}, expected ${loaded.deletable}`);
    if (verbose) {
      console.log(`  single DELETE, server side:\n    ${(await statementsIn(copy, `DELETE FROM sessions WHERE ${shape.deletes}`)).join('\n    ')}`);
    }
    return measured;
  };

  const runs: Run[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      // Alternating order, so a drift of the machine's speed during a run hits both alike.
      let c: Awaited<ReturnType<typeof cleanup>>;
      let b: Awaited<ReturnType<typeof baseline>>;
      if (i % 2 === 0) {
        c = await cleanup(i === 0);
        b = await baseline(i === 0);
      } else {
        b = await baseline(false);
        c = await cleanup(false);
      }
      runs.push({
        report: c.result.report, cleanupMs: c.ms, baselineMs: b.ms, cleanupCpuMs: c.cpuMs, baselineCpuMs: b.cpuMs,
        transactions: c.result.transactions, lookupsDuring: c.lookups, lookupsBaseline: b.lookups,
      });
      console.log(`  run ${i + 1}: cleanup ${(c.ms / 1000).toFixed(2)} s, single DELETE ${(b.ms / 1000).toFixed(2)} s, ratio ${(b.ms / c.ms).toFixed(2)}x;`
        + ` server CPU ${c.cpuMs ?? '?'} ms vs ${b.cpuMs ?? '?'} ms`);
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${copy}" WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
  }
  return { shape, deletable: loaded.deletable, runs };
}

async function main(): Promise<void> {
  const server = (await import(pathToFileURL(join(ROOT, 'test/support/postgres-setup.mjs')).href)) as { setup(): Promise<void>; teardown(): Promise<void> };
  const { setup, teardown } = server;
  const wanted = process.env.BENCH_SHAPES?.split(',').map((x) => x.trim()).filter(Boolean);
  const shapes = wanted ? SHAPES.filter((x) => wanted.includes(x.name)) : SHAPES;
  if (shapes.length === 0) throw new Error(`BENCH_SHAPES matches no shape; shapes: ${SHAPES.map((x) => x.name).join(', ')}`);
  console.log(`sessions per shape: ${SESSIONS.toLocaleString()}, batch size ${BATCH_SIZE}, shapes: ${shapes.map((x) => x.name).join(', ')}`);

  await setup();
  const admin = new Client(pgConfig());
  await admin.connect();
  const results: ShapeResult[] = [];
  try {
    for (const shape of shapes) results.push(await runShape(admin, shape));
  } finally {
    await admin.end();
    await teardown();
  }
  const b = await bundle();

  const p99 = (v: number[]) => percentile(v, 99);
  const rows: Array<[string, string, string, boolean | null]> = [];
  for (const r of results) {
    const ratios = r.runs.map((x) => x.baselineMs / x.cleanupMs);
    const ratio = percentile(ratios, 50);
    const mid = r.runs[ratios.indexOf(ratio)]!;
    const cpuRatios = r.runs.every((x) => x.cleanupCpuMs !== undefined && x.baselineCpuMs !== undefined)
      ? r.runs.map((x) => x.baselineCpuMs! / x.cleanupCpuMs!) : undefined;
    const txMs = r.runs.flatMap((x) => x.transactions.map((t) => t.ms));
    const longest = Math.max(...r.runs.map((x) => x.report.maxTransactionMs));
    const range = (values: number[]) => `${Math.min(...values).toFixed(2)}-${Math.max(...values).toFixed(2)}x`;
    rows.push(
      [`${r.shape.name}: cleanup / single DELETE`, `${ratio.toFixed(2)}x, median of ${r.runs.length} (${range(ratios)}; median run ${(mid.cleanupMs / 1000).toFixed(2)} s`
        + ` vs ${(mid.baselineMs / 1000).toFixed(2)} s, ${r.deletable.toLocaleString()} rows, ${mid.report.batches} batches)`, '>= 0.8x', ratio >= 0.8],
      [`${r.shape.name}: server CPU, cleanup / single DELETE`, cpuRatios ? `${percentile(cpuRatios, 50).toFixed(2)}x, median (${range(cpuRatios)})` : 'not measured (no /proc)', '', null],
      [`${r.shape.name}: longest cleanup transaction, any run`, `${longest.toFixed(1)} ms (p50 ${percentile(txMs, 50).toFixed(1)}, `
        + `p99 ${percentile(txMs, 99).toFixed(1)}, n=${txMs.length})`, '<= 250 ms', longest <= 250],
      [`${r.shape.name}: look-up by token p99 during cleanup / single DELETE`, `${p99(r.runs.flatMap((x) => x.lookupsDuring)).toFixed(2)} / `
        + `${p99(r.runs.flatMap((x) => x.lookupsBaseline)).toFixed(2)} ms`, '', null],
    );
  }
  const median = percentile(b.coldInitMs, 50);
  rows.push(
    ['handler bundle (@aws-sdk/* external)', `${(b.bytes / 1024).toFixed(1)} KB`, '<= 250 KB', b.bytes <= 250 * 1024],
    ['cold init (require bundle, median of 7)', `${median.toFixed(1)} ms (${b.coldInitMs.map((v) => v.toFixed(0)).join(', ')})`, '', null],
    ['machine load average (1 min) at the end', `${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs`, '', null],
  );
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
