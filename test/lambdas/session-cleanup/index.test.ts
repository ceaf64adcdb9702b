// The thin handler: configuration at cold start, connection through the shared connector, EMF output,
// error behaviour (CL-SES-1, CL-OBS-2).
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import type { Client } from 'pg';
import type * as IndexModule from '../../../lambdas/session-cleanup/index';
import { CLEANUP_ADVISORY_LOCK_KEY } from '../../../lambdas/session-cleanup/cleanup';
import { createProxyConnector } from '../../../lambdas/shared/proxy-connection';
import { createTestDatabase, dropTestDatabase, pgConfig } from '../../support/postgres';
import { DAY, HOUR, connect, createSchema, insertSessions, sessionIds } from './fixtures';

const sm = mockClient(SecretsManagerClient);
const ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:session-cleanup-AbCdEf';
const ENV = {
  DB_SECRET_ARN: ARN, DB_PROXY_ENDPOINT: 'proxy.example', DB_PORT: '5432', DB_NAME: 'app',
  METRICS_NAMESPACE: 'Platform/test/SessionCleanup', AWS_REGION: 'eu-west-1',
};

/** Loads index.ts fresh with the given environment (its configuration is read at module load, i.e. cold start). */
async function loadIndex(env: Record<string, string | undefined>): Promise<typeof IndexModule> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  try {
    vi.resetModules();
    return await import('../../../lambdas/session-cleanup/index');
  } finally {
    process.env = saved;
  }
}

describe('configuration (cold start)', () => {
  it('fails the cold start with a message naming every bad variable', async () => {
    await expect(loadIndex({ ...ENV, DB_SECRET_ARN: undefined, DB_PORT: 'abc' })).rejects.toThrow(
      /DB_SECRET_ARN is not set[\s\S]*DB_PORT must be a port number \(1-65535\), got "abc"/);
  });

  it('rejects CLEANUP_OPTIONS that is not JSON or has a bad field', async () => {
    const { loadConfig } = await loadIndex(ENV);
    expect(() => loadConfig({ ...ENV, CLEANUP_OPTIONS: '{batchSize: 5}' })).toThrow(/CLEANUP_OPTIONS is not valid JSON/);
    expect(() => loadConfig({ ...ENV, CLEANUP_OPTIONS: '{"sessionsTable": "x y", "batchSzie": 5}' })).toThrow(
      /CLEANUP_OPTIONS is invalid: invalid cleanup options:[\s\S]*unknown option "batchSzie"[\s\S]*sessionsTable must be a plain SQL identifier/);
    await expect(loadIndex({ ...ENV, CLEANUP_OPTIONS: '[1]' })).rejects.toThrow(/CLEANUP_OPTIONS is invalid: cleanup options must be an object/);
  });

  it('accepts a valid environment, with the port defaulting to 5432', async () => {
    const { loadConfig } = await loadIndex(ENV);
    expect(loadConfig({ ...ENV, DB_PORT: undefined, CLEANUP_OPTIONS: '{"maxSessionsPerUser": 20, "deleteOldAuditLogs": false}' })).toEqual({
      secretArn: ARN, hostname: 'proxy.example', port: 5432, database: 'app', region: 'eu-west-1',
      namespace: 'Platform/test/SessionCleanup', options: { maxSessionsPerUser: 20, deleteOldAuditLogs: false },
    });
  });

  it('the deployed handler verifies TLS and never falls back: an untrusted certificate fails the run', async () => {
    const base = pgConfig();
    const env = { ...ENV, DB_PROXY_ENDPOINT: 'localhost', DB_PORT: String(base.port),
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'example-secret' };
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      // index.ts reads its environment at module load (cold start): load a fresh copy with this one.
      sm.reset();
      sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ username: 'session_cleanup' }) });
      vi.resetModules();
      const { handler } = await import('../../../lambdas/session-cleanup/index');
      await expect(handler({}, { getRemainingTimeInMillis: () => 60_000 })).rejects.toThrow(/self[- ]signed certificate/);
    } finally {
      process.env = saved;
    }
  });
});

describe('createCleanupHandler against the real PostgreSQL', () => {
  let database: string;
  let db: Client;
  let createCleanupHandler: typeof IndexModule.createCleanupHandler;

  beforeAll(async () => {
    ({ createCleanupHandler } = await loadIndex(ENV));
    database = await createTestDatabase('cleanup_handler');
    db = await connect(database);
  });
  afterAll(async () => {
    await db.end();
    await dropTestDatabase(database);
  });
  beforeEach(async () => {
    sm.reset();
    sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ username: pgConfig().user }) });
    await db.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public');
  });

  function handlerWith(options = {}) {
    const base = pgConfig({ database });
    const lines: string[] = [];
    const ended: Client[] = [];
    const connector = createProxyConnector({
      secretArn: ARN, hostname: String(base.host), port: Number(base.port), database, region: 'eu-west-1', ssl: base.ssl as object,
      secretsManager: new SecretsManagerClient({ region: 'eu-west-1' }), signAuthToken: async () => String(base.password),
    });
    const tracking = { connect: async () => { const c = await connector.connect(); const end = c.end.bind(c); c.end = (async () => { ended.push(c); return end(); }) as Client['end']; return c; } };
    return { handler: createCleanupHandler({ connector: tracking, options, namespace: 'Platform/test/SessionCleanup', log: (l) => lines.push(l) }), lines, ended };
  }

  it('cleans up, logs one EMF line and closes the connection; the secret is read once across invocations', async () => {
    await createSchema(db);
    await insertSessions(db, [
      { id: 'live', userId: 'u', expiresIn: DAY, createdIn: -HOUR },
      { id: 'expired', userId: 'u', expiresIn: -HOUR, createdIn: -DAY },
    ]);
    const { handler, lines, ended } = handlerWith();
    const report = await handler({}, { getRemainingTimeInMillis: () => 600_000 });
    expect(report.deleted.expired).toBe(1);
    expect(await sessionIds(db)).toEqual(['live']);
    expect(lines).toHaveLength(1);
    const emf = JSON.parse(lines[0]!);
    expect(emf._aws.CloudWatchMetrics[0].Namespace).toBe('Platform/test/SessionCleanup');
    expect(emf).toMatchObject({ DeletedExpired: 1, SkippedForLock: 0, Backlog: 0 });
    expect(ended).toHaveLength(1);
    await handler({}, { getRemainingTimeInMillis: () => 600_000 });
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('passes Lambda remaining time as the deadline', async () => {
    await createSchema(db);
    await insertSessions(db, [{ id: 'expired', userId: 'u', expiresIn: -HOUR, createdIn: -DAY }]);
    const { handler, lines } = handlerWith();
    const report = await handler({}, { getRemainingTimeInMillis: () => 2_000 });
    expect(report).toMatchObject({ stoppedForDeadline: true, batches: 0, backlog: { expired: { rows: 1, capped: false } } });
    expect(JSON.parse(lines[0]!)).toMatchObject({ Backlog: 1, stoppedForDeadline: true });
  });

  it('does not throw when another run holds the lock, and says so in the metrics', async () => {
    await createSchema(db);
    const other = await connect(database);
    try {
      await other.query('SELECT pg_advisory_lock($1::bigint)', [CLEANUP_ADVISORY_LOCK_KEY]);
      const { handler, lines } = handlerWith();
      expect((await handler({}, { getRemainingTimeInMillis: () => 600_000 })).skippedForLock).toBe(true);
      expect(JSON.parse(lines[0]!)).toMatchObject({ SkippedForLock: 1, Batches: 0 });
    } finally {
      await other.end();
    }
  });

  it('goes on past a sessions table held ACCESS EXCLUSIVE (a migration): warns, counts what it can, logs the metrics line', async () => {
    await createSchema(db);
    await insertSessions(db, [{ id: 'expired', userId: 'u', expiresIn: -HOUR, createdIn: -DAY }]);
    await db.query("INSERT INTO verification_tokens VALUES ('a', 't-expired', now() - interval '1 minute')");
    const migration = await connect(database);
    try {
      await migration.query('BEGIN; LOCK TABLE sessions IN ACCESS EXCLUSIVE MODE');
      const { handler, lines } = handlerWith({ lockTimeoutMs: 100 });
      const report = await handler({}, { getRemainingTimeInMillis: () => 600_000 });
      expect(report.deleted).toMatchObject({ expired: 0, verificationTokens: 1 });
      for (const rule of ['expired', 'revoked', 'overflow']) {
        expect(report.warnings).toContain(`rule ${rule}: stopped after lock_timeout (100 ms) waiting for a lock; the next run continues`);
        expect(report.warnings).toContain(`rule ${rule}: backlog not counted: lock_timeout (100 ms) waiting for a lock`);
        expect(report.backlog).not.toHaveProperty(rule);
      }
      expect(report.backlog).toMatchObject({ verificationTokens: { rows: 0, capped: false }, auditLogs: { rows: 0, capped: false } });
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0]!)).toMatchObject({ DeletedVerificationTokens: 1, Backlog: 0 });
    } finally {
      await migration.end();
    }
    expect(await sessionIds(db)).toEqual(['expired']);
  });

  it('throws on a real failure (missing sessions table) and still closes the connection', async () => {
    const { handler, lines, ended } = handlerWith();
    await expect(handler({}, { getRemainingTimeInMillis: () => 600_000 })).rejects.toThrow(/sessions table "public"."sessions" does not exist/);
    expect(lines).toEqual([]);
    expect(ended).toHaveLength(1);
  });
});
