// The reference app against a real PostgreSQL (TLS) bootstrapped as db-bootstrap does, and a real
// redis-server (TLS, ACL user): its migration, the session cleanup on the tables it creates, the health path
// and graceful shutdown. In the container the database password is an IAM token for RDS Proxy; here it is
// the role's password, the only difference.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Client, escapeIdentifier as ident } from 'pg';
import { taskCredentials } from '../../app/src/aws-credentials';
import { createPool } from '../../app/src/database';
import { migrate, MigrationError, readMigrations, substitute } from '../../app/src/migrations';
import { RedisClient } from '../../app/src/redis';
import { createApp } from '../../app/src/server';
import { serverSettings } from '../../app/src/settings';
import { bootstrapDatabase } from '../../lambdas/db-bootstrap/bootstrap';
import { cleanupSessions } from '../../lambdas/session-cleanup/cleanup';
import { CACHE_APP_ACCESS_STRING } from '../../lib/constructs/cache';
import { testPassword, uniqueBootstrapRoles } from '../support/bootstrap-roles';
import { createTestDatabase, dropTestDatabase, pgConfig } from '../support/postgres';
import { type RedisTestServer, startRedis } from '../support/redis';

const { suffix: sfx, master, spec } = uniqueBootstrapRoles();
const pw = testPassword;
const redisUser = { username: `app_${sfx}`, password: pw() };
const MIGRATIONS = readMigrations(join(__dirname, '..', '..', 'app', 'migrations'));
const variables = { session_cleanup_role: spec.sessionCleanup.username };
let db: string;
let redis: RedisTestServer;

async function withClient<T>(login: { username: string; password: string }, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client(pgConfig({ user: login.username, password: login.password, database: db }));
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
const superuser = <T>(fn: (c: Client) => Promise<T>) => withClient({ username: pgConfig().user!, password: pgConfig().password as string }, fn);

beforeAll(async () => {
  db = await createTestDatabase('refapp');
  await superuser(async (c) => {
    await c.query(`CREATE ROLE ${ident(master.username)} LOGIN CREATEROLE CREATEDB PASSWORD '${master.password}'`);
    await c.query(`ALTER DATABASE ${ident(db)} OWNER TO ${ident(master.username)}`);
  });
  // The data stack's order on a first deploy: bootstrap first, when the session tables do not exist yet.
  const result = await withClient(master, (c) => bootstrapDatabase(c, spec));
  expect(result.sessionTablesMissing).toEqual(spec.sessionTables);
  // The app user's access string exactly as the cache construct gives it.
  redis = await startRedis({ users: [{ ...redisUser, accessString: CACHE_APP_ACCESS_STRING }] });
});

afterAll(async () => {
  await redis?.stop();
  await dropTestDatabase(db);
  // Roles are cluster-wide: dropped from the server's own database once the test database is gone.
  const c = new Client(pgConfig());
  await c.connect();
  try {
    for (const r of [spec.app, spec.migrator, spec.sessionCleanup, master]) await c.query(`DROP ROLE IF EXISTS ${ident(r.username)}`);
  } finally {
    await c.end();
  }
});

describe('migrations as the migrator role', () => {
  it('the first migration creates the session tables the cleanup expects; a second run applies nothing', async () => {
    expect(await withClient(spec.migrator, (c) => migrate(c, { schema: 'app', migrations: MIGRATIONS, variables }))).toEqual(['001']);
    expect(await withClient(spec.migrator, (c) => migrate(c, { schema: 'app', migrations: MIGRATIONS, variables }))).toEqual([]);
    const tables = await superuser((c) =>
      c.query(`SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'app' ORDER BY tablename`),
    );
    expect(tables.rows).toEqual(
      ['audit_logs', 'schema_migrations', 'sessions', 'verification_tokens'].map((tablename) => ({ tablename, tableowner: spec.migrator.username })),
    );
  });

  it('then the session cleanup runs as session_cleanup on those tables, with every index it wants, and deletes only what is not live', async () => {
    await withClient(spec.app, async (c) => {
      await c.query(`INSERT INTO app.sessions (id, session_token, user_id, expires, revoked_at) VALUES
        ('expired', 't1', 'u1', now() - interval '1 hour', NULL),
        ('live', 't2', 'u1', now() + interval '1 hour', NULL),
        ('revoked', 't3', 'u2', now() + interval '1 hour', now() - interval '30 days')`);
      await c.query(`INSERT INTO app.verification_tokens (identifier, token, expires) VALUES ('a@example.com', 'v1', now() - interval '1 day')`);
      await c.query(`INSERT INTO app.audit_logs (created_at, action) VALUES (now() - interval '200 days', 'old'), (now(), 'new')`);
    });
    const report = await withClient(spec.sessionCleanup, (c) => cleanupSessions(c, { schema: 'app' }));
    expect(report.deleted).toEqual({ expired: 1, revoked: 1, overflow: 0, verificationTokens: 1, auditLogs: 1 });
    expect(report.warnings).toEqual([]);
    expect(report.skipped).toEqual([]);
    const left = await superuser((c) => c.query('SELECT id FROM app.sessions'));
    expect(left.rows).toEqual([{ id: 'live' }]);
    // SELECT and DELETE only (CL-SES-1).
    await expect(
      withClient(spec.sessionCleanup, (c) => c.query(`INSERT INTO app.audit_logs (action) VALUES ('x')`)),
    ).rejects.toThrow(/permission denied/);
  });

  it('a failing migration is rolled back, not recorded, and reported with its name', async () => {
    const broken = [...MIGRATIONS, { version: '002', name: 'broken', sql: 'CREATE TABLE half_done (id int); SELECT no_such_column FROM sessions;' }];
    await expect(withClient(spec.migrator, (c) => migrate(c, { schema: 'app', migrations: broken, variables }))).rejects.toThrow(
      new MigrationError('migration 002_broken failed and was rolled back: column "no_such_column" does not exist'),
    );
    const state = await superuser((c) =>
      c.query(`SELECT to_regclass('app.half_done') AS half, (SELECT array_agg(version) FROM app.schema_migrations) AS versions`),
    );
    expect(state.rows[0]).toEqual({ half: null, versions: ['001'] });
  });

  it('placeholders become quoted identifiers; an unknown one is refused; casts are left alone', () => {
    expect(substitute(`GRANT SELECT ON t TO :"role"; SELECT 'a'::"text"`, { role: 'x"y' })).toBe(`GRANT SELECT ON t TO "x""y"; SELECT 'a'::"text"`);
    expect(() => substitute('GRANT SELECT ON t TO :"nobody"', { role: 'x' })).toThrow(/:"nobody" has no value/);
  });
});

describe('the server', () => {
  const settings = {
    host: 'localhost',
    port: 0,
    database: '',
    user: spec.app.username,
    schema: 'app',
    region: 'eu-west-1',
  };
  const pool = () =>
    createPool({ ...settings, port: Number(pgConfig().port), database: db }, { password: async () => spec.app.password, tls: { ca: process.env.PLATFORM_TEST_PG_CA } });
  const cache = (password = redisUser.password) =>
    new RedisClient({ host: redis.endpoint.host, port: redis.endpoint.port, username: redisUser.username, password, tls: { ca: redis.endpoint.ca } });
  const get = (port: number, path: string) =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: any }>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: JSON.parse(text) }));
      }).on('error', reject).end();
    });

  it('the health path reports database and cache up: 200 for the ALB, the container check and the canary', async () => {
    const app = createApp({ healthPath: '/api/health', pool: pool(), cache: cache(), drainTimeoutMs: 1000, log: () => undefined });
    const { port } = await app.listen(0, '127.0.0.1');
    try {
      const res = await get(port, '/api/health');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'ok', database: { ok: true }, cache: { ok: true } });
      expect((await get(port, '/nope')).status).toBe(404);
    } finally {
      await app.shutdown();
    }
  });

  it('a dependency down makes the health path 503 and says which one', async () => {
    const app = createApp({ healthPath: '/api/health', pool: pool(), cache: cache('wrong-password'), drainTimeoutMs: 1000, log: () => undefined });
    const { port } = await app.listen(0, '127.0.0.1');
    try {
      const res = await get(port, '/api/health');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ status: 'degraded', database: { ok: true }, cache: { ok: false, error: expect.stringMatching(/WRONGPASS/) } });
    } finally {
      await app.shutdown();
    }
  });

  it('verifies TLS: with a certificate it cannot verify, neither dependency is reached', async () => {
    const untrusted = createPool({ ...settings, port: Number(pgConfig().port), database: db }, { password: async () => spec.app.password });
    const cacheUntrusted = new RedisClient({ host: redis.endpoint.host, port: redis.endpoint.port, ...redisUser });
    const app = createApp({ healthPath: '/api/health', pool: untrusted, cache: cacheUntrusted, drainTimeoutMs: 1000, log: () => undefined });
    const { port } = await app.listen(0, '127.0.0.1');
    try {
      const res = await get(port, '/api/health');
      expect(res.status).toBe(503);
      expect(res.body.database).toMatchObject({ ok: false, error: expect.stringMatching(/self-signed certificate/) });
      expect(res.body.cache).toMatchObject({ ok: false, error: expect.stringMatching(/self-signed certificate/) });
    } finally {
      await app.shutdown();
    }
  });

  it('on shutdown it finishes the request in flight, refuses new connections and closes its pools', async () => {
    const p = pool();
    const c = cache();
    const app = createApp({ healthPath: '/api/health', pool: p, cache: c, drainTimeoutMs: 5000, log: () => undefined });
    const { port } = await app.listen(0, '127.0.0.1');
    let stopped: Promise<void> | undefined;
    app.server.once('request', () => { stopped = app.shutdown(); });
    const inFlight = await get(port, '/api/health');
    expect(inFlight.status).toBe(200);
    expect(inFlight.headers.connection).toBe('close');
    await stopped;
    await expect(get(port, '/api/health')).rejects.toThrow(/ECONNREFUSED/);
    expect(p.ending).toBe(true);
    await expect(c.command('PING')).rejects.toThrow(/closed/);
  });
});

describe('container settings', () => {
  const contract = {
    DATABASE_HOST: 'proxy.example', DATABASE_NAME: 'app', DATABASE_USER: 'app_clone', DATABASE_SCHEMA: 'app', DATABASE_SSL: 'verify-full',
    DATABASE_AUTH: 'iam', AWS_REGION: 'eu-west-1', REDIS_HOST: 'cache.example', REDIS_TLS: 'true', REDIS_USERNAME: 'app', REDIS_PASSWORD: 'x',
  };

  it('reads the platform contract, with the documented defaults', () => {
    expect(serverSettings(contract)).toMatchObject({
      host: '0.0.0.0', port: 3000, healthPath: '/api/health', stopTimeoutSeconds: 30,
      database: { host: 'proxy.example', port: 5432, user: 'app_clone', schema: 'app' },
      cache: { host: 'cache.example', port: 6379, username: 'app' },
    });
  });

  it('lists every problem at once, naming the variable', () => {
    const { DATABASE_USER: _user, REDIS_PASSWORD: _password, ...rest } = contract;
    expect(() => serverSettings({ ...rest, DATABASE_SSL: 'require', PORT: 'x' })).toThrow(
      'invalid container environment:\n- DATABASE_SSL must be "verify-full" (the platform requires it), got "require"\n' +
        '- DATABASE_USER is not set\n- PORT must be a positive integer, got "x"\n- REDIS_PASSWORD is not set',
    );
  });
});

describe('task role credentials', () => {
  it('come from the ECS container endpoint and are reused until shortly before they expire', async () => {
    let calls = 0;
    const endpoint = createServer((req, res) => {
      calls++;
      expect(req.url).toBe('/v2/credentials/abc');
      res.end(JSON.stringify({ AccessKeyId: 'AKIA1', SecretAccessKey: 's', Token: 't', Expiration: new Date(Date.now() + 3600_000).toISOString() }));
    });
    await new Promise<void>((r) => endpoint.listen(0, '127.0.0.1', r));
    try {
      const { port } = endpoint.address() as AddressInfo;
      const credentials = taskCredentials({ AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/abc' }, `http://127.0.0.1:${port}`);
      expect(await credentials()).toEqual({ accessKeyId: 'AKIA1', secretAccessKey: 's', sessionToken: 't' });
      await credentials();
      expect(calls).toBe(1);
    } finally {
      endpoint.close();
    }
  });

  it('outside ECS come from the environment', async () => {
    expect(await taskCredentials({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' })()).toEqual({ accessKeyId: 'a', secretAccessKey: 'b', sessionToken: undefined });
  });
});
