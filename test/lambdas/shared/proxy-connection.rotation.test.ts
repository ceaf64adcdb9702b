// Issue 13 item 3: an alternating-users rotation flips the database secret between `<user>` and `<user>_clone`,
// and RDS Proxy holds one user per secret. Step by step through several rotations (real PostgreSQL; the AWS-hosted
// PostgreSQLMultiUser function emulated on the Secrets Manager model; RDS Proxy modelled in front), a client keeps
// opening new connections: the cleanup job's connector (warm and cold), and running tasks holding either name,
// following the documented contract (their name, then the other name of the pair). None may ever fail, whether
// the proxy picks up the flipped secret at once or later.
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerRotationEventStep } from 'aws-lambda';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { randomBytes } from 'node:crypto';
import { Client, escapeIdentifier, escapeLiteral } from 'pg';
import { alternateUsername, createProxyConnector } from '../../../lambdas/shared/proxy-connection';
import { type RotationHooks, runRotationStep } from '../../../lambdas/shared/rotation';
import { createTestDatabase, dropTestDatabase, pgConfig } from '../../support/postgres';
import { iamToken, RdsProxyModel } from '../../support/rds-proxy-model';
import { ROTATION_STEPS, SecretsManagerModel } from '../../support/secrets-manager-model';

const BASE = `app_${randomBytes(4).toString('hex')}`;
const CLONE = `${BASE}_clone`;
const P0 = randomBytes(24).toString('hex');
let database: string;
let secret: SecretsManagerModel;
let stub: AwsClientStub<SecretsManagerClient>;
const secretsManager = new SecretsManagerClient({ region: 'eu-west-1' });

async function asMaster<T>(work: (client: Client) => Promise<T>, db = 'postgres'): Promise<T> {
  const client = new Client(pgConfig({ database: db }));
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** What the AWS-hosted PostgreSQLMultiUser rotation function does, as master, at each step. */
const hostedAlternatingUsers: RotationHooks = {
  randomPassword: { PasswordLength: 32, ExcludePunctuation: true },
  buildPending: (current, password) => {
    const c = JSON.parse(current) as { username: string };
    return JSON.stringify({ ...c, username: alternateUsername(c.username), password });
  },
  pendingProblems: () => [],
  setSecret: async ({ current, pending }) => {
    const { username: base } = JSON.parse(current) as { username: string };
    const { username, password } = JSON.parse(pending) as { username: string; password: string };
    await asMaster(async (master) => {
      const exists = (await master.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [username])).rowCount === 1;
      await master.query(
        exists
          ? `ALTER ROLE ${escapeIdentifier(username)} WITH PASSWORD ${escapeLiteral(password)}`
          : `CREATE ROLE ${escapeIdentifier(username)} WITH LOGIN PASSWORD ${escapeLiteral(password)} IN ROLE ${escapeIdentifier(base)}`,
      );
    });
  },
  testSecret: async ({ pending }) => {
    const { username, password } = JSON.parse(pending) as { username: string; password: string };
    const client = new Client(pgConfig({ user: username, password, database }));
    await client.connect();
    await client.end();
  },
};

beforeAll(async () => {
  database = await createTestDatabase('proxy_rotation');
  await asMaster((m) => m.query(`CREATE ROLE ${escapeIdentifier(BASE)} WITH LOGIN PASSWORD ${escapeLiteral(P0)}`));
});
afterAll(async () => {
  await dropTestDatabase(database);
  await asMaster((m) => m.query(`DROP ROLE IF EXISTS ${escapeIdentifier(CLONE)}; DROP ROLE IF EXISTS ${escapeIdentifier(BASE)}`));
});
beforeEach(async () => {
  await asMaster((m) => m.query(`DROP ROLE IF EXISTS ${escapeIdentifier(CLONE)}; ALTER ROLE ${escapeIdentifier(BASE)} WITH PASSWORD ${escapeLiteral(P0)}`));
  secret = new SecretsManagerModel('platform/prod/db-app', JSON.stringify({ engine: 'postgres', username: BASE, password: P0, dbname: database }));
  stub = secret.serve();
});
afterEach(() => stub.restore());

function connector(proxy: RdsProxyModel) {
  return createProxyConnector({
    secretArn: secret.arn,
    hostname: 'proxy.example',
    port: 5432,
    database,
    region: 'eu-west-1',
    secretsManager,
    signAuthToken: async (r) => iamToken(r.username),
    connect: (config) => proxy.connect(config),
  });
}

/** A running task: signs for the DATABASE_USER it got at start; on an authentication error, for the other name. */
async function taskConnects(proxy: RdsProxyModel, username: string): Promise<Client> {
  try {
    return await proxy.connect({ user: username, password: iamToken(username) });
  } catch {
    const other = alternateUsername(username);
    return proxy.connect({ user: other, password: iamToken(other) });
  }
}

async function expectUsable(client: Client) {
  const { rows } = await client.query('SELECT current_user AS user');
  expect([BASE, CLONE]).toContain(rows[0].user);
  await client.end();
}

describe.each([
  ['picks up the flipped secret at once', false],
  ['still holds the old secret for a while after the flip', true],
])('new connections during alternating-users rotations, while the proxy %s', (_label, lagging) => {
  it('never fail: at every step the cleanup job (warm or cold) and tasks holding either name connect', async () => {
    const proxy = new RdsProxyModel([secret], database, lagging);
    const warmJob = connector(proxy);
    const everyoneConnects = async (where: string) => {
      try {
        await expectUsable(await warmJob.connect());
        await expectUsable(await connector(proxy).connect());
        for (const name of [BASE, CLONE]) await expectUsable(await taskConnects(proxy, name));
      } catch (error) {
        throw new Error(`${where}: ${(error as Error).message}`, { cause: error });
      }
    };
    await everyoneConnects('before rotating');
    for (let rotation = 1; rotation <= 3; rotation++) {
      const token = secret.startRotation();
      for (const Step of ROTATION_STEPS as readonly SecretsManagerRotationEventStep[]) {
        await runRotationStep(secretsManager, { SecretId: secret.arn, ClientRequestToken: token, Step }, hostedAlternatingUsers, () => undefined);
        await everyoneConnects(`rotation ${rotation} after ${Step}`);
      }
      expect(JSON.parse(secret.valueAt('AWSCURRENT')!).username).toBe(rotation % 2 === 1 ? CLONE : BASE);
      proxy.refresh();
      await everyoneConnects(`rotation ${rotation} after the proxy refreshed`);
    }
  });
});

it('a client that signs only for its start-time name breaks at the flip: why tasks must fall back to the other name', async () => {
  const proxy = new RdsProxyModel([secret], database);
  const token = secret.startRotation();
  for (const Step of ROTATION_STEPS) {
    await runRotationStep(secretsManager, { SecretId: secret.arn, ClientRequestToken: token, Step }, hostedAlternatingUsers, () => undefined);
  }
  await expect(proxy.connect({ user: BASE, password: iamToken(BASE) })).rejects.toThrow(`no credentials for the role ${BASE}`);
  await expectUsable(await taskConnects(proxy, BASE));
});
