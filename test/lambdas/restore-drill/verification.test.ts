// CL-DB-3: verification of a restored instance, against the real TLS-only PostgreSQL of the test run.
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { createServer, Server } from 'node:net';
import { Client } from 'pg';
import { VerifyConfig } from '../../../lambdas/restore-drill/config';
import { DrillGuardRefused } from '../../../lambdas/restore-drill/drill';
import { connectionConfig, DrillVerificationFailed, verify, VerifyDeps } from '../../../lambdas/restore-drill/verification';
import { createTestDatabase, dropTestDatabase, pgConfig } from '../../support/postgres';
import { drillInstance, PREFIX, SECRET_ARN, SOURCE, TARGET } from './fixtures';

const rdsMock = mockClient(RDSClient);
const secretsMock = mockClient(SecretsManagerClient);
const server = pgConfig();
let db: string;
let emptyDb: string;

const deps: VerifyDeps = {
  rds: new RDSClient({ region: 'eu-west-1' }),
  secrets: new SecretsManagerClient({ region: 'eu-west-1' }),
  ca: process.env.PLATFORM_TEST_PG_CA,
};
const baseConfig: VerifyConfig = { prefix: PREFIX, databaseName: undefined, verifySql: undefined, minUserTables: 1, statementTimeoutMs: 5000, connectTimeoutMs: 5000 };
// The state carries what check-status returned; verify must not trust its endpoint or secret.
const state = { sourceDbInstanceIdentifier: SOURCE, targetDbInstanceIdentifier: TARGET, endpoint: 'prod.example.internal', masterUserSecretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod-master-XyZ' };

function restoredInstanceAt(port: number, database: string, overrides = {}) {
  rdsMock.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: TARGET }).resolves({
    DBInstances: [drillInstance({ Endpoint: { Address: '127.0.0.1', Port: port }, DBName: database, ...overrides })],
  });
}

async function sql(database: string, text: string) {
  const client = new Client(pgConfig({ database }));
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  db = await createTestDatabase('drill');
  emptyDb = await createTestDatabase('drill_empty');
  await sql(db, `CREATE TABLE sessions (id serial PRIMARY KEY, created_at timestamptz NOT NULL);
                 INSERT INTO sessions (created_at) VALUES (now() - interval '90 seconds'), (now() - interval '1 hour');`);
});

afterAll(async () => {
  await dropTestDatabase(db);
  await dropTestDatabase(emptyDb);
});

beforeEach(() => {
  rdsMock.reset();
  secretsMock.reset();
  secretsMock.on(GetSecretValueCommand, { SecretId: SECRET_ARN }).resolves({ SecretString: JSON.stringify({ username: server.user, password: server.password }) });
  restoredInstanceAt(Number(server.port), db);
});

describe('verify against a real PostgreSQL', () => {
  it('proves the data is there over verified TLS, using the endpoint and secret RDS reports for the drill instance', async () => {
    const config = { ...baseConfig, verifySql: 'SELECT count(*)::int AS sessions, extract(epoch FROM now() - max(created_at))::int AS data_age_seconds FROM sessions' };
    const out = await verify(deps, config, state);
    expect(out).toMatchObject({ ...state, verified: true, userTables: 1, verifyRow: { sessions: 2 } });
    expect(out.dataAgeSeconds).toBeGreaterThanOrEqual(90);
    expect(out.dataAgeSeconds).toBeLessThan(600);
    expect(secretsMock.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input.SecretId)).toEqual([SECRET_ARN]);
  });

  it('fails when the restored database has no user tables', async () => {
    restoredInstanceAt(Number(server.port), emptyDb);
    await expect(verify(deps, baseConfig, state)).rejects.toThrow(/has 0 user tables, expected at least 1: the restore holds no data/);
  });

  it.each([
    ['an error', 'SELECT count(*) FROM no_such_table', /VERIFY_SQL failed on ".*": relation "no_such_table" does not exist/],
    ['no row', 'SELECT id FROM sessions WHERE false', /VERIFY_SQL must return exactly one row, returned 0/],
    ['two rows', 'SELECT id FROM sessions', /VERIFY_SQL must return exactly one row, returned 2/],
    ['a timeout', 'SELECT pg_sleep(3)', /VERIFY_SQL failed .*statement timeout/],
  ])('fails clearly when VERIFY_SQL gives %s', async (_label, verifySql, message) => {
    const err = await verify(deps, { ...baseConfig, verifySql, statementTimeoutMs: 300 }, state).catch((e: Error) => e);
    expect(err).toBeInstanceOf(DrillVerificationFailed);
    expect((err as Error).message).toMatch(message);
  });

  it.each([
    ['a write', 'INSERT INTO sessions (created_at) VALUES (now()) RETURNING id', /cannot execute INSERT in a read-only transaction/],
    ['an escape from the read-only transaction', 'COMMIT; SET default_transaction_read_only = off; DELETE FROM sessions', /cannot insert multiple commands into a prepared statement/],
  ])('cannot change the restored data with %s', async (_label, verifySql, message) => {
    await expect(verify(deps, { ...baseConfig, verifySql }, state)).rejects.toThrow(message);
    const { rows } = await sql(db, 'SELECT count(*)::int AS n FROM sessions');
    expect(rows[0].n).toBe(2);
  });

  it('refuses a server whose certificate it cannot verify (production trust store only, no test CA)', async () => {
    await expect(verify({ ...deps, ca: undefined }, baseConfig, state)).rejects.toThrow(/over verified TLS failed: .*self[- ]signed certificate/);
  });

  describe('against a server without TLS', () => {
    let plain: Server;
    const received: Buffer[] = [];
    beforeAll(async () => {
      // Answers PostgreSQL's SSLRequest with "N" (no TLS), as a plain-text server or a downgrade attacker would.
      plain = createServer((socket) => {
        socket.on('data', (chunk) => {
          received.push(chunk);
          socket.write('N');
        });
      });
      await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    });
    afterAll(() => new Promise<void>((resolve) => plain.close(() => resolve())));

    it('refuses to continue in plain text, so no credentials ever leave unencrypted', async () => {
      const port = (plain.address() as { port: number }).port;
      restoredInstanceAt(port, db);
      await expect(verify(deps, baseConfig, state)).rejects.toThrow(/over verified TLS failed: The server does not support SSL connections/);
      // Only the 8-byte SSLRequest was sent (length 8, code 80877103); never a startup message with the user.
      expect(Buffer.concat(received).toString('hex')).toBe('0000000804d2162f');
    });
  });

  it('never reads a secret or connects for an instance that is not a tagged drill instance', async () => {
    restoredInstanceAt(Number(server.port), db, { TagList: [] });
    await expect(verify(deps, baseConfig, state)).rejects.toBeInstanceOf(DrillGuardRefused);
    expect(secretsMock.commandCalls(GetSecretValueCommand)).toHaveLength(0);
  });

  it('refuses to run before the managed secret exists', async () => {
    restoredInstanceAt(Number(server.port), db, { MasterUserSecret: undefined });
    await expect(verify(deps, baseConfig, state)).rejects.toThrow(/is not ready .*managed secret missing.*available: true/);
    expect(secretsMock.commandCalls(GetSecretValueCommand)).toHaveLength(0);
  });

  it('rejects a secret that is not the RDS-managed username/password JSON', async () => {
    secretsMock.on(GetSecretValueCommand).resolves({ SecretString: 'hunter2' });
    await expect(verify(deps, baseConfig, state)).rejects.toThrow(/is not JSON: expected the RDS-managed/);
  });
});

describe('connectionConfig', () => {
  it('always verifies the server certificate, with or without an explicit CA', () => {
    const cfg = { statementTimeoutMs: 1000, connectTimeoutMs: 1000 };
    const creds = { username: 'u', password: 'p' };
    expect(connectionConfig({ host: 'h', port: 5432 }, creds, 'd', cfg, undefined).ssl).toEqual({ rejectUnauthorized: true });
    expect(connectionConfig({ host: 'h', port: 5432 }, creds, 'd', cfg, 'PEM').ssl).toEqual({ rejectUnauthorized: true, ca: 'PEM' });
  });
});
