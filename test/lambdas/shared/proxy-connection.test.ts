// The shared RDS Proxy connector: secret cache, IAM token, verified TLS, refresh + single retry on auth failure.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { randomBytes } from 'node:crypto';
import { Client, ClientConfig } from 'pg';
import { alternateUsername, AuthTokenRequest, createProxyConnector, ProxyConnectionSettings } from '../../../lambdas/shared/proxy-connection';
import { pgConfig } from '../../support/postgres';

const sm = mockClient(SecretsManagerClient);
const ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:session-cleanup-AbCdEf';
const secret = (username: string) => ({ SecretString: JSON.stringify({ username, password: 'never-used', host: 'db', port: 5432, dbname: 'app', engine: 'postgres' }) });
const authError = (code: string) => Object.assign(new Error('password authentication failed'), { code });

beforeEach(() => sm.reset());

function stubbed(connect: (config: ClientConfig) => Promise<Client>) {
  const sign = vi.fn(async (r: AuthTokenRequest) => `token-for-${r.username}`);
  const connectFn = vi.fn(connect);
  const settings: ProxyConnectionSettings = {
    secretArn: ARN, hostname: 'proxy.example', port: 5432, database: 'app', region: 'eu-west-1',
    secretsManager: new SecretsManagerClient({ region: 'eu-west-1' }), signAuthToken: sign, connect: connectFn,
  };
  return { connector: createProxyConnector(settings), sign, connect: connectFn };
}
const fakeClient = {} as Client;

describe('createProxyConnector with stubbed signer and connect', () => {
  it('reads the username once, signs a token per connection and requires verified TLS', async () => {
    sm.on(GetSecretValueCommand, { SecretId: ARN }).resolves(secret('session_cleanup'));
    const { connector, sign, connect } = stubbed(async () => fakeClient);
    for (let i = 0; i < 3; i++) expect(await connector.connect()).toBe(fakeClient);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(sign).toHaveBeenCalledTimes(3);
    expect(sign).toHaveBeenCalledWith({ hostname: 'proxy.example', port: 5432, username: 'session_cleanup', region: 'eu-west-1' });
    expect(connect.mock.calls[0]![0]).toMatchObject({
      host: 'proxy.example', port: 5432, database: 'app', user: 'session_cleanup', password: 'token-for-session_cleanup',
      ssl: { rejectUnauthorized: true },
    });
  });

  it.each(['28P01', '28000'])('on auth failure %s re-reads the secret, re-signs and retries once', async (code) => {
    sm.on(GetSecretValueCommand).resolvesOnce(secret('session_cleanup')).resolves(secret('session_cleanup_clone'));
    const { connector, sign, connect } = stubbed(async (config) => {
      if (config.user === 'session_cleanup') throw authError(code);
      return fakeClient;
    });
    expect(await connector.connect()).toBe(fakeClient);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    expect(sign.mock.calls.map(([r]) => r.username)).toEqual(['session_cleanup', 'session_cleanup_clone']);
    expect(connect).toHaveBeenCalledTimes(2);
    // The refreshed username is cached for later invocations.
    await connector.connect();
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    expect(connect.mock.calls[2]![0].user).toBe('session_cleanup_clone');
  });

  it('falls back to the other name of the pair when the proxy has not picked up the flip yet', async () => {
    // A cold start right after a flip: the secret says the clone, the proxy still only knows the base name.
    sm.on(GetSecretValueCommand).resolves(secret('session_cleanup_clone'));
    const { connector, sign } = stubbed(async (config) => {
      if (config.user === 'session_cleanup_clone') throw authError('28000');
      return fakeClient;
    });
    expect(await connector.connect()).toBe(fakeClient);
    expect(sign.mock.calls.map(([r]) => r.username)).toEqual(['session_cleanup_clone', 'session_cleanup']);
    expect(alternateUsername('app')).toBe('app_clone');
    expect(alternateUsername('app_clone')).toBe('app');
  });

  it('tries each name of the pair once: a second auth failure is thrown', async () => {
    sm.on(GetSecretValueCommand).resolves(secret('session_cleanup'));
    const { connector, connect } = stubbed(async () => { throw authError('28P01'); });
    await expect(connector.connect()).rejects.toMatchObject({ code: '28P01' });
    expect(connect).toHaveBeenCalledTimes(2);
  });

  it('does not retry other errors or refresh the secret for them', async () => {
    sm.on(GetSecretValueCommand).resolves(secret('session_cleanup'));
    const { connector, connect } = stubbed(async () => { throw Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' }); });
    await expect(connector.connect()).rejects.toThrow('ETIMEDOUT');
    expect(connect).toHaveBeenCalledTimes(1);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('explains a secret without a username, and does not cache the failure', async () => {
    sm.on(GetSecretValueCommand).resolvesOnce({ SecretString: '{"user":"x"}' }).resolvesOnce({ SecretString: 'not json' })
      .resolves(secret('session_cleanup'));
    const { connector } = stubbed(async () => fakeClient);
    await expect(connector.connect()).rejects.toThrow(`secret ${ARN} has no "username" string`);
    await expect(connector.connect()).rejects.toThrow(`secret ${ARN} is not JSON`);
    expect(await connector.connect()).toBe(fakeClient);
  });
});

describe('createProxyConnector against the real PostgreSQL (verified TLS, real pg auth errors)', () => {
  const suffix = randomBytes(4).toString('hex');
  const primary = `session_cleanup_${suffix}`;
  const clone = `session_cleanup_${suffix}_clone`;
  const password = randomBytes(16).toString('hex');
  let admin: Client;

  beforeAll(async () => {
    admin = new Client(pgConfig());
    await admin.connect();
    // The retired user cannot log in any more (as after a rotation flipped to the clone).
    await admin.query(`CREATE ROLE "${primary}" NOLOGIN PASSWORD '${password}'`);
    await admin.query(`CREATE ROLE "${clone}" LOGIN PASSWORD '${password}'`);
  });
  afterAll(async () => {
    await admin.query(`DROP ROLE IF EXISTS "${primary}"; DROP ROLE IF EXISTS "${clone}"`);
    await admin.end();
  });

  it('connects as the rotated user after the server refuses the cached one', async () => {
    sm.on(GetSecretValueCommand).resolvesOnce(secret(primary)).resolves(secret(clone));
    const base = pgConfig();
    const connector = createProxyConnector({
      secretArn: ARN, hostname: String(base.host), port: Number(base.port), database: 'postgres', region: 'eu-west-1',
      ssl: base.ssl as object, secretsManager: new SecretsManagerClient({ region: 'eu-west-1' }),
      // Stands in for the IAM token the proxy would accept.
      signAuthToken: async () => password,
    });
    const client = await connector.connect();
    try {
      expect((await client.query('SELECT current_user AS u, ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()')).rows[0]).toEqual({ u: clone, ssl: true });
    } finally {
      await client.end();
    }
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('refuses a server certificate the CA store does not trust (default TLS settings)', async () => {
    sm.on(GetSecretValueCommand).resolves(secret(clone));
    const base = pgConfig();
    const connector = createProxyConnector({
      secretArn: ARN, hostname: 'localhost', port: Number(base.port), database: 'postgres', region: 'eu-west-1',
      secretsManager: new SecretsManagerClient({ region: 'eu-west-1' }), signAuthToken: async () => password,
    });
    await expect(connector.connect()).rejects.toThrow(/self[- ]signed certificate/);
  });
});
