// The custom resource's onEvent: properties and secrets in (GetSecretValue mocked), bootstrap against the real
// TLS-only PostgreSQL, a stable physical id and secret-free Data out; Delete never touches the database.
import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CdkCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { randomBytes } from 'node:crypto';
import { Client, type ClientConfig, escapeIdentifier as ident } from 'pg';
import { onEvent, parseProperties } from '../../../lambdas/db-bootstrap/on-event';
import { createTestDatabase, dropTestDatabase, pgConfig } from '../../support/postgres';

const sfx = randomBytes(3).toString('hex');
const pw = () => randomBytes(24).toString('base64url');
const users = {
  migrator: { username: `mig_${sfx}`, password: pw() },
  app: { username: `webapp_${sfx}`, password: pw() },
  cleanup: { username: `cleanup_${sfx}`, password: pw() },
};
const ARN = (name: string) => `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${name}`;
const properties = {
  ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:provider',
  MasterSecretArn: ARN('master'),
  MigratorSecretArn: ARN('migrator'),
  AppSecretArn: ARN('app'),
  SessionCleanupSecretArn: ARN('cleanup'),
  Schema: 'web',
  SessionTables: 'sessions, verification_tokens',
};
const sm = mockClient(SecretsManagerClient);
const secrets = new SecretsManagerClient({ region: 'eu-west-1' });
let db: string;
let secretValues: Record<string, string>;
const configs: ClientConfig[] = [];

// Resolves the instance host from the secret to the test server, keeping verified TLS (with the test CA).
async function connect(config: ClientConfig) {
  configs.push(config);
  const c = new Client(pgConfig({ user: config.user, password: config.password as string, database: config.database }));
  await c.connect();
  return c;
}
function event(RequestType: 'Create' | 'Update' | 'Delete', extra: Record<string, unknown> = {}): CdkCustomResourceEvent {
  return {
    RequestType,
    ServiceToken: properties.ServiceToken,
    ResponseURL: 'https://example.invalid/response',
    StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/data/1',
    RequestId: 'req-1',
    LogicalResourceId: 'DbBootstrap',
    ResourceType: 'Custom::DbBootstrap',
    ResourceProperties: properties,
    ...(RequestType === 'Create' ? {} : { PhysicalResourceId: `db-bootstrap/${db}` }),
    ...(RequestType === 'Update' ? { OldResourceProperties: properties } : {}),
    ...extra,
  } as CdkCustomResourceEvent;
}

beforeAll(async () => {
  db = await createTestDatabase('dbbootevt');
  const su = pgConfig();
  secretValues = {
    [ARN('master')]: JSON.stringify({ engine: 'postgres', username: su.user, password: su.password, host: 'prod-db.abc.eu-west-1.rds.amazonaws.com', port: 5432, dbname: db }),
    [ARN('migrator')]: JSON.stringify(users.migrator),
    [ARN('app')]: JSON.stringify({ ...users.app, engine: 'postgres' }),
    [ARN('cleanup')]: JSON.stringify(users.cleanup),
  };
});
beforeEach(() => {
  sm.reset();
  configs.length = 0;
  sm.on(GetSecretValueCommand).callsFake(async ({ SecretId }: { SecretId: string }) => {
    if (!(SecretId in secretValues)) throw new ResourceNotFoundException({ message: "Secrets Manager can't find the specified secret.", $metadata: {} });
    return { SecretString: secretValues[SecretId] };
  });
});
afterAll(async () => {
  sm.restore();
  await dropTestDatabase(db);
  const c = new Client(pgConfig());
  await c.connect();
  try {
    for (const u of Object.values(users)) await c.query(`DROP ROLE IF EXISTS ${ident(u.username)}`);
  } finally {
    await c.end();
  }
});

const roleCount = async () => {
  const c = new Client(pgConfig());
  await c.connect();
  try {
    const { rows } = await c.query('SELECT count(*)::int AS n FROM pg_roles WHERE rolname = ANY($1)', [Object.values(users).map((u) => u.username)]);
    return rows[0].n as number;
  } finally {
    await c.end();
  }
};

describe('db-bootstrap onEvent', () => {
  it('Create connects to the instance over verified TLS and returns secret-free Data', async () => {
    const response = await onEvent(event('Create'), { secrets, connect });
    expect(configs).toEqual([
      expect.objectContaining({ host: 'prod-db.abc.eu-west-1.rds.amazonaws.com', port: 5432, database: db, ssl: { rejectUnauthorized: true } }),
    ]);
    expect(response).toEqual({
      PhysicalResourceId: `db-bootstrap/${db}`,
      Data: {
        Database: db,
        Schema: 'web',
        MigratorRole: users.migrator.username,
        AppRole: users.app.username,
        SessionCleanupRole: users.cleanup.username,
        RolesCreated: [users.migrator.username, users.app.username, users.cleanup.username].join(','),
        SessionTablesGranted: '',
        SessionTablesMissing: 'sessions,verification_tokens',
      },
    });
    const text = JSON.stringify(response);
    for (const secret of [...Object.values(users).map((u) => u.password), pgConfig().password as string]) expect(text).not.toContain(secret);
    expect(await roleCount()).toBe(3);
  });

  it('Update re-runs idempotently and keeps the physical id', async () => {
    const response = await onEvent(event('Update'), { secrets, connect });
    expect(response.PhysicalResourceId).toBe(`db-bootstrap/${db}`);
    expect(response.Data).toMatchObject({ RolesCreated: '' });
    const c = new Client(pgConfig({ user: users.app.username, password: users.app.password, database: db }));
    await c.connect();
    await c.end();
  });

  it("Create on a database that has the roles already (a restore) gives them the new secrets' passwords; Update never does", async () => {
    const login = async (password: string) => {
      const c = new Client(pgConfig({ user: users.app.username, password, database: db }));
      await c.connect();
      await c.end();
    };
    const renewed = { ...users.app, password: pw() };
    const withNew = { ...secretValues, [ARN('app')]: JSON.stringify(renewed) };
    sm.on(GetSecretValueCommand).callsFake(async ({ SecretId }: { SecretId: string }) => ({ SecretString: withNew[SecretId] }));
    try {
      await onEvent(event('Update'), { secrets, connect });
      await expect(login(renewed.password)).rejects.toThrow(/password authentication failed/);
      expect((await onEvent(event('Create'), { secrets, connect })).Data).toMatchObject({ RolesCreated: '' });
      await login(renewed.password);
    } finally {
      sm.on(GetSecretValueCommand).callsFake(async ({ SecretId }: { SecretId: string }) => ({ SecretString: secretValues[SecretId] }));
      await onEvent(event('Create'), { secrets, connect });
    }
    await login(users.app.password);
  });

  it('after an alternating-users rotation, manages the base role and never creates the clone', async () => {
    const rotated = { ...secretValues, [ARN('app')]: JSON.stringify({ username: `${users.app.username}_clone`, password: pw() }) };
    sm.on(GetSecretValueCommand).callsFake(async ({ SecretId }: { SecretId: string }) => ({ SecretString: rotated[SecretId] }));
    const response = await onEvent(event('Update'), { secrets, connect });
    expect(response.Data).toMatchObject({ AppRole: users.app.username, RolesCreated: '' });
    expect(await roleCount()).toBe(3);
    const c = new Client(pgConfig());
    await c.connect();
    const { rows } = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [`${users.app.username}_clone`]);
    await c.end();
    expect(rows).toHaveLength(0);
  });

  it('Delete drops nothing and reads no secret', async () => {
    const response = await onEvent(event('Delete'), { secrets, connect });
    expect(response).toEqual({ PhysicalResourceId: `db-bootstrap/${db}` });
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(0);
    expect(configs).toHaveLength(0);
    expect(await roleCount()).toBe(3);
  });

  it('names a missing or malformed property', async () => {
    const { AppSecretArn: _omit, ...withoutApp } = properties;
    await expect(onEvent(event('Create', { ResourceProperties: withoutApp }), { secrets, connect })).rejects.toThrow(
      'invalid custom resource properties (AppSecretArn:',
    );
    expect(parseProperties({ ...properties, Schema: undefined, SessionTables: undefined })).toMatchObject({
      Schema: 'app',
      SessionTables: ['sessions', 'verification_tokens', 'audit_logs'],
    });
    expect(parseProperties({ ...properties, SessionTables: ['Session', 'VerificationToken'] }).SessionTables).toEqual(['Session', 'VerificationToken']);
  });

  it('names the property whose secret is unreadable or malformed, without echoing secret values', async () => {
    const saved = secretValues[ARN('cleanup')]!;
    try {
      secretValues[ARN('cleanup')] = JSON.stringify({ username: users.cleanup.username });
      await expect(onEvent(event('Create'), { secrets, connect })).rejects.toThrow(`SessionCleanupSecretArn: secret ${ARN('cleanup')} is invalid (password:`);
      secretValues[ARN('cleanup')] = `not json ${users.cleanup.password}`;
      const attempt = onEvent(event('Create'), { secrets, connect });
      await expect(attempt).rejects.toThrow('SessionCleanupSecretArn: secret');
      await expect(attempt).rejects.not.toThrow(users.cleanup.password);
      delete secretValues[ARN('cleanup')];
      await expect(onEvent(event('Create'), { secrets, connect })).rejects.toThrow(`SessionCleanupSecretArn: cannot read secret ${ARN('cleanup')}`);
    } finally {
      secretValues[ARN('cleanup')] = saved;
    }
    expect(configs).toHaveLength(0);
  });
});
