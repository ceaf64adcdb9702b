// CL-RED-1, CL-SEC-2: the ElastiCache RBAC user's password rotates with a two-password overlap. Secrets
// Manager and ElastiCache are in-memory models; the ElastiCache model pushes every password list that takes effect
// to a real redis-server (TLS, ACL user "app"), and every "authenticates" below is a real AUTH against it. After
// every failure the AWSCURRENT password still authenticates.
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerRotationEventStep } from 'aws-lambda';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import {
  type RedisRotationOptions,
  redisOptionsFromEnv,
  redisPasswordPolicy,
  rotateRedisUser,
} from '../../../lambdas/redis-rotation/redis-user';
import { ElastiCacheUserModel } from '../../support/elasticache-user-model';
import { type RedisTestServer, startRedis } from '../../support/redis';
import { ROTATION_STEPS, SecretsManagerModel } from '../../support/secrets-manager-model';

const USER_ID = 'platform-prod-app';
const P0 = 'Initial-Redis-Password-0'.padEnd(64, 'z');
const ALLOWED = /^[A-Za-z0-9!&#$^<>-]{64}$/;
const quiet = () => undefined;

let redis: RedisTestServer;
let options: RedisRotationOptions;
let secret: SecretsManagerModel;
let user: ElastiCacheUserModel;
let stubs: AwsClientStub<SecretsManagerClient | ElastiCacheClient>[];
const secrets = new SecretsManagerClient({ region: 'eu-west-1' });
const elasticache = new ElastiCacheClient({ region: 'eu-west-1' });

beforeAll(async () => {
  redis = await startRedis();
  options = { policy: redisPasswordPolicy(64), pollAttempts: 5, pollIntervalMs: 0, sleep: async () => undefined, redis: redis.endpoint };
});
afterAll(() => redis?.stop());

/** The ElastiCache model of the user, mirrored onto the real server's ACL user "app". */
function modelUser(modifyingPolls = 2) {
  return new ElastiCacheUserModel(USER_ID, P0, modifyingPolls, async (passwords) => {
    await redis.admin(['ACL', 'SETUSER', 'app', 'resetpass', ...passwords.map((p) => `>${p}`)]);
  });
}

beforeEach(async () => {
  await redis.admin(['ACL', 'SETUSER', 'app', 'reset', 'on', '~*', '+@all', '-@dangerous', `>${P0}`]);
  secret = new SecretsManagerModel('platform/prod/redis-app', JSON.stringify({ username: 'app', password: P0, userId: USER_ID }));
  user = modelUser();
  stubs = [secret.serve(), user.serve()] as AwsClientStub<SecretsManagerClient | ElastiCacheClient>[];
});
afterEach(() => stubs.forEach((s) => s.restore()));
const authenticates = (password: string) => redis.accepts('app', password);

function step(Step: SecretsManagerRotationEventStep, token: string, opts = options) {
  return rotateRedisUser(secrets, elasticache, { SecretId: secret.arn, ClientRequestToken: token, Step }, opts, quiet);
}
async function rotateAll(token: string) {
  for (const s of ROTATION_STEPS) await step(s, token);
}
const parsed = (value: string | undefined) => JSON.parse(value!) as { username: string; password: string; userId: string };
/** The invariant after any failure: AWSCURRENT is the original secret and its password authenticates. */
async function expectCurrentWorks() {
  expect(secret.versionAt('AWSCURRENT')).toBe(secret.initialVersionId);
  expect(parsed(secret.valueAt('AWSCURRENT')).password).toBe(P0);
  expect(await authenticates(P0)).toBe(true);
}
async function expectRotated(token: string) {
  const current = parsed(secret.valueAt('AWSCURRENT'));
  expect(secret.versionAt('AWSCURRENT')).toBe(token);
  expect(current).toEqual({ username: 'app', userId: USER_ID, password: expect.stringMatching(ALLOWED) });
  expect(current.password).not.toBe(P0);
  expect(parsed(secret.valueAt('AWSPREVIOUS')).password).toBe(P0);
  // The overlap: clients still holding the previous password keep working until the next rotation.
  expect(await authenticates(current.password)).toBe(true);
  expect(await authenticates(P0)).toBe(true);
  expect(user.status).toBe('active');
}

describe('Redis RBAC user rotation', () => {
  it('installs [current, new] on the user, then makes the new password current', async () => {
    const token = secret.startRotation();
    await step('createSecret', token);
    const pending = parsed(secret.valueOfVersion(token));
    expect(pending).toEqual({ username: 'app', userId: USER_ID, password: expect.stringMatching(ALLOWED) });
    expect(await authenticates(pending.password)).toBe(false);

    await step('setSecret', token);
    expect(await authenticates(pending.password)).toBe(true);
    expect(await authenticates(P0)).toBe(true);
    expect(user.calls.filter((c) => c === 'ModifyUser')).toHaveLength(1);

    await step('testSecret', token);
    await expectCurrentWorks();
    await step('finishSecret', token);
    await expectRotated(token);
  });

  it('testSecret proves the pending password authenticates: a change ElastiCache accepted but did not apply is never promoted', async () => {
    const token = secret.startRotation();
    await step('createSecret', token);
    const pending = parsed(secret.valueOfVersion(token)).password;
    user.loseNextChange();
    await step('setSecret', token);
    // ElastiCache's view: active with two passwords; the cache still refuses the new one.
    expect(user.describeUsers({ UserId: USER_ID }).Users[0]).toMatchObject({ Status: 'active', Authentication: { PasswordCount: 2 } });
    expect(await authenticates(pending)).toBe(false);
    await expect(step('testSecret', token)).rejects.toThrow(
      `Redis at 127.0.0.1:${redis.endpoint.port} refuses the pending password of user app (WRONGPASS)`,
    );
    await expect(step('testSecret', token)).rejects.not.toThrow(pending);
    await expectCurrentWorks();
    // Secrets Manager's retry re-installs the same pair, which now takes effect, and completes.
    await rotateAll(token);
    await expectRotated(token);
  });

  it('testSecret fails, promoting nothing, when the cache cannot be reached', async () => {
    const token = secret.startRotation();
    await step('createSecret', token);
    await step('setSecret', token);
    const unreachable = { ...options, redis: { ...redis.endpoint, port: 1 } };
    await expect(step('testSecret', token, unreachable)).rejects.toThrow('ECONNREFUSED');
    const untrusted = { ...options, redis: { ...redis.endpoint, ca: undefined } };
    await expect(step('testSecret', token, untrusted)).rejects.toThrow('self-signed certificate');
    await expectCurrentWorks();
  });

  it('the next rotation retires the password two generations old', async () => {
    const first = secret.startRotation();
    await rotateAll(first);
    const p1 = parsed(secret.valueAt('AWSCURRENT')).password;
    const second = secret.startRotation();
    await rotateAll(second);
    const p2 = parsed(secret.valueAt('AWSCURRENT')).password;
    expect(await authenticates(P0)).toBe(false);
    expect(await authenticates(p1)).toBe(true);
    expect(await authenticates(p2)).toBe(true);
    expect(user.passwordCount).toBe(2);
    expect(parsed(secret.valueAt('AWSPREVIOUS')).password).toBe(p1);
  });

  const failures: [SecretsManagerRotationEventStep, 'secret' | 'user', string][] = [
    ['createSecret', 'secret', 'GetRandomPassword'],
    ['createSecret', 'secret', 'PutSecretValue'],
    ['setSecret', 'secret', 'GetSecretValue'],
    ['setSecret', 'user', 'DescribeUsers'],
    ['setSecret', 'user', 'ModifyUser'],
    ['testSecret', 'user', 'DescribeUsers'],
    ['finishSecret', 'secret', 'UpdateSecretVersionStage'],
  ];
  it.each(failures)('a %s failure (%s %s throws) keeps AWSCURRENT working and a re-run completes', async (failingStep, target, command) => {
    const token = secret.startRotation();
    for (const s of ROTATION_STEPS) {
      if (s === failingStep) {
        (target === 'secret' ? secret : user).failNext(command);
        await expect(step(s, token)).rejects.toThrow(`injected ${command} failure`);
        break;
      }
      await step(s, token);
    }
    await expectCurrentWorks();
    await rotateAll(token);
    await expectRotated(token);
  });

  it('setSecret is idempotent: a re-run waits for the user to be active and installs the same pair', async () => {
    const token = secret.startRotation();
    await step('createSecret', token);
    await step('setSecret', token);
    await step('setSecret', token);
    const pending = parsed(secret.valueOfVersion(token)).password;
    expect(user.calls.filter((c) => c === 'ModifyUser')).toHaveLength(2);
    expect(await authenticates(pending)).toBe(true);
    expect(await authenticates(P0)).toBe(true);
    expect(user.passwordCount).toBe(2);
  });

  it('setSecret gives up after the bounded number of DescribeUsers checks', async () => {
    user = modelUser(100);
    stubs[1]!.restore();
    stubs[1] = user.serve() as AwsClientStub<SecretsManagerClient | ElastiCacheClient>;
    const token = secret.startRotation();
    await step('createSecret', token);
    await expect(step('setSecret', token)).rejects.toThrow(`ElastiCache user ${USER_ID} is still "modifying" after 5 checks`);
    expect(user.calls.filter((c) => c === 'DescribeUsers')).toHaveLength(1 + 5);
    await expectCurrentWorks();
    await expect(step('testSecret', token)).rejects.toThrow('expected active with 2 passwords');
  });

  it('testSecret fails while the user has only the current password', async () => {
    const token = secret.startRotation();
    await step('createSecret', token);
    await expect(step('testSecret', token)).rejects.toThrow(/not ready \(status active, authentication password, 1 password\(s\)\)/);
    await expectCurrentWorks();
  });

  it('a retried createSecret reuses the pending password', async () => {
    const token = secret.startRotation();
    await step('createSecret', token);
    const pending = secret.valueOfVersion(token);
    await step('createSecret', token);
    expect(secret.valueOfVersion(token)).toBe(pending);
    expect(secret.calls.filter((c) => c === 'GetRandomPassword')).toHaveLength(1);
  });

  it.each([
    ['another user', () => JSON.stringify({ username: 'app', password: 'x'.repeat(64), userId: 'platform-prod-other' }), /userId platform-prod-other differs/],
    ['the current password', () => JSON.stringify({ userId: USER_ID, username: 'app', password: P0 }), /AWSPENDING password equals AWSCURRENT/],
    ['a weak password', () => JSON.stringify({ username: 'app', password: 'a'.repeat(64), userId: USER_ID }), /only 1 distinct character/],
    ['no JSON', () => 'not json', /AWSPENDING Redis secret is not JSON/],
  ])('a pending secret naming %s is refused by setSecret, then discarded so the next rotation completes', async (_label, value, problem) => {
    const stuck = secret.startRotation();
    secret.putSecretValue({ SecretId: secret.arn, ClientRequestToken: stuck, SecretString: value(), VersionStages: ['AWSPENDING'] });
    await expect(step('setSecret', stuck)).rejects.toThrow(problem);
    expect(user.calls).not.toContain('ModifyUser');
    await expect(step('createSecret', stuck)).rejects.toThrow(problem);
    expect(secret.stagesOf(stuck)).toEqual([]);
    await expectCurrentWorks();
    const next = secret.startRotation();
    await rotateAll(next);
    await expectRotated(next);
  });

  it('a token already AWSCURRENT touches neither the secret nor the user', async () => {
    const token = secret.startRotation();
    await rotateAll(token);
    const userCalls = user.calls.length;
    await rotateAll(token);
    expect(user.calls).toHaveLength(userCalls);
    await expectRotated(token);
  });

  it('refuses a mismatched token and a secret without rotation enabled', async () => {
    const token = secret.startRotation();
    await expect(step('setSecret', 'nope')).rejects.toThrow('is not a version of secret');
    secret.rotationEnabled = false;
    await expect(step('setSecret', token)).rejects.toThrow('does not have rotation enabled');
    expect(user.calls).not.toContain('ModifyUser');
    await expectCurrentWorks();
  });

  it('names the invalid field of a malformed secret without echoing values', async () => {
    secret = new SecretsManagerModel('platform/prod/redis-bad', JSON.stringify({ username: 'app', password: P0 }));
    stubs[0]!.restore();
    stubs[0] = secret.serve() as AwsClientStub<SecretsManagerClient | ElastiCacheClient>;
    const token = secret.startRotation();
    const attempt = step('createSecret', token);
    await expect(attempt).rejects.toThrow('AWSCURRENT Redis secret is invalid (userId:');
    await expect(attempt).rejects.not.toThrow(P0);
    expect(secret.calls).not.toContain('PutSecretValue');
  });
});

describe('redisOptionsFromEnv', () => {
  const endpointEnv = { REDIS_ENDPOINT: 'master.platform-prod-cache.abc123.euw1.cache.amazonaws.com', REDIS_PORT: '6380' };

  it('defaults to 64 characters from the ElastiCache-safe alphabet', () => {
    const opts = redisOptionsFromEnv(endpointEnv);
    expect(opts).toMatchObject({ pollAttempts: 30, pollIntervalMs: 2000 });
    expect(opts.redis).toEqual({ host: endpointEnv.REDIS_ENDPOINT, port: 6380, timeoutMs: 5000 });
    expect(opts.policy.length).toBe(64);
    expect(opts.policy.excludeCharacters).toContain('"');
    expect(opts.policy.excludeCharacters).toContain('/');
    expect(opts.policy.excludeCharacters).toContain('@');
    expect(opts.policy.excludeCharacters).not.toMatch(/[!&#$^<>-]/);
  });
  it('refuses lengths ElastiCache or CL-SEC-1 would reject', () => {
    expect(() => redisOptionsFromEnv({ ...endpointEnv, PASSWORD_LENGTH: '129' })).toThrow("outside ElastiCache's 16-128 characters");
    expect(() => redisOptionsFromEnv({ ...endpointEnv, PASSWORD_LENGTH: '32' })).toThrow('set PASSWORD_LENGTH to at least 42');
    expect(redisOptionsFromEnv({ ...endpointEnv, PASSWORD_LENGTH: '128' }).policy.length).toBe(128);
    expect(() => redisOptionsFromEnv({ ...endpointEnv, USER_POLL_ATTEMPTS: '0' })).toThrow('USER_POLL_ATTEMPTS must be at least 1');
  });
  it('needs the endpoint testSecret authenticates against', () => {
    expect(() => redisOptionsFromEnv({ REDIS_PORT: '6379' })).toThrow(
      'REDIS_ENDPOINT is not set: give the replication group\'s primary endpoint (testSecret AUTHenticates there)',
    );
    expect(() => redisOptionsFromEnv({ ...endpointEnv, REDIS_PORT: 'x' })).toThrow('REDIS_PORT must be a whole number');
    expect(redisOptionsFromEnv({ REDIS_ENDPOINT: 'h' }).redis.port).toBe(6379);
    expect(redisOptionsFromEnv({ ...endpointEnv, REDIS_TIMEOUT_MS: '900' }).redis.timeoutMs).toBe(900);
  });
});
