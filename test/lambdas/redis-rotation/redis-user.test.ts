// CL-RED-1, CL-SEC-2: the ElastiCache RBAC user's password rotates with a two-password overlap. Secrets
// Manager and ElastiCache are in-memory models; after every failure the AWSCURRENT password still authenticates.
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
import { ROTATION_STEPS, SecretsManagerModel } from '../../support/secrets-manager-model';

const USER_ID = 'platform-prod-app';
const P0 = 'Initial-Redis-Password-0'.padEnd(64, 'z');
const ALLOWED = /^[A-Za-z0-9!&#$^<>-]{64}$/;
const options: RedisRotationOptions = { policy: redisPasswordPolicy(64), pollAttempts: 5, pollIntervalMs: 0, sleep: async () => undefined };
const quiet = () => undefined;

let secret: SecretsManagerModel;
let user: ElastiCacheUserModel;
let stubs: AwsClientStub<SecretsManagerClient | ElastiCacheClient>[];
const secrets = new SecretsManagerClient({ region: 'eu-west-1' });
const elasticache = new ElastiCacheClient({ region: 'eu-west-1' });

beforeEach(() => {
  secret = new SecretsManagerModel('platform/prod/redis-app', JSON.stringify({ username: 'app', password: P0, userId: USER_ID }));
  user = new ElastiCacheUserModel(USER_ID, P0);
  stubs = [secret.serve(), user.serve()] as AwsClientStub<SecretsManagerClient | ElastiCacheClient>[];
});
afterEach(() => stubs.forEach((s) => s.restore()));

function step(Step: SecretsManagerRotationEventStep, token: string, opts = options) {
  return rotateRedisUser(secrets, elasticache, { SecretId: secret.arn, ClientRequestToken: token, Step }, opts, quiet);
}
async function rotateAll(token: string) {
  for (const s of ROTATION_STEPS) await step(s, token);
}
const parsed = (value: string | undefined) => JSON.parse(value!) as { username: string; password: string; userId: string };
/** The invariant after any failure: AWSCURRENT is the original secret and its password authenticates. */
function expectCurrentWorks() {
  expect(secret.versionAt('AWSCURRENT')).toBe(secret.initialVersionId);
  expect(parsed(secret.valueAt('AWSCURRENT')).password).toBe(P0);
  expect(user.accepts(P0)).toBe(true);
}
function expectRotated(token: string) {
  const current = parsed(secret.valueAt('AWSCURRENT'));
  expect(secret.versionAt('AWSCURRENT')).toBe(token);
  expect(current).toEqual({ username: 'app', userId: USER_ID, password: expect.stringMatching(ALLOWED) });
  expect(current.password).not.toBe(P0);
  expect(parsed(secret.valueAt('AWSPREVIOUS')).password).toBe(P0);
  // The overlap: clients still holding the previous password keep working until the next rotation.
  expect(user.accepts(current.password)).toBe(true);
  expect(user.accepts(P0)).toBe(true);
  expect(user.status).toBe('active');
}

describe('Redis RBAC user rotation', () => {
  it('installs [current, new] on the user, then makes the new password current', async () => {
    const token = secret.startRotation();
    await step('createSecret', token);
    const pending = parsed(secret.valueOfVersion(token));
    expect(pending).toEqual({ username: 'app', userId: USER_ID, password: expect.stringMatching(ALLOWED) });
    expect(user.accepts(pending.password)).toBe(false);

    await step('setSecret', token);
    expect(user.accepts(pending.password)).toBe(true);
    expect(user.accepts(P0)).toBe(true);
    expect(user.calls.filter((c) => c === 'ModifyUser')).toHaveLength(1);

    await step('testSecret', token);
    expectCurrentWorks();
    await step('finishSecret', token);
    expectRotated(token);
  });

  it('the next rotation retires the password two generations old', async () => {
    const first = secret.startRotation();
    await rotateAll(first);
    const p1 = parsed(secret.valueAt('AWSCURRENT')).password;
    const second = secret.startRotation();
    await rotateAll(second);
    const p2 = parsed(secret.valueAt('AWSCURRENT')).password;
    expect(user.accepts(P0)).toBe(false);
    expect(user.accepts(p1)).toBe(true);
    expect(user.accepts(p2)).toBe(true);
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
    expectCurrentWorks();
    await rotateAll(token);
    expectRotated(token);
  });

  it('setSecret is idempotent: a re-run waits for the user to be active and installs the same pair', async () => {
    const token = secret.startRotation();
    await step('createSecret', token);
    await step('setSecret', token);
    await step('setSecret', token);
    const pending = parsed(secret.valueOfVersion(token)).password;
    expect(user.calls.filter((c) => c === 'ModifyUser')).toHaveLength(2);
    expect(user.accepts(pending)).toBe(true);
    expect(user.accepts(P0)).toBe(true);
    expect(user.passwordCount).toBe(2);
  });

  it('setSecret gives up after the bounded number of DescribeUsers checks', async () => {
    user = new ElastiCacheUserModel(USER_ID, P0, 100);
    stubs[1]!.restore();
    stubs[1] = user.serve() as AwsClientStub<SecretsManagerClient | ElastiCacheClient>;
    const token = secret.startRotation();
    await step('createSecret', token);
    await expect(step('setSecret', token)).rejects.toThrow(`ElastiCache user ${USER_ID} is still "modifying" after 5 checks`);
    expect(user.calls.filter((c) => c === 'DescribeUsers')).toHaveLength(1 + 5);
    expectCurrentWorks();
    await expect(step('testSecret', token)).rejects.toThrow('expected active with 2 passwords');
  });

  it('testSecret fails while the user has only the current password', async () => {
    const token = secret.startRotation();
    await step('createSecret', token);
    await expect(step('testSecret', token)).rejects.toThrow(/not ready \(status active, authentication password, 1 password\(s\)\)/);
    expectCurrentWorks();
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
    expectCurrentWorks();
    const next = secret.startRotation();
    await rotateAll(next);
    expectRotated(next);
  });

  it('a token already AWSCURRENT touches neither the secret nor the user', async () => {
    const token = secret.startRotation();
    await rotateAll(token);
    const userCalls = user.calls.length;
    await rotateAll(token);
    expect(user.calls).toHaveLength(userCalls);
    expectRotated(token);
  });

  it('refuses a mismatched token and a secret without rotation enabled', async () => {
    const token = secret.startRotation();
    await expect(step('setSecret', 'nope')).rejects.toThrow('is not a version of secret');
    secret.rotationEnabled = false;
    await expect(step('setSecret', token)).rejects.toThrow('does not have rotation enabled');
    expect(user.calls).not.toContain('ModifyUser');
    expectCurrentWorks();
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
  it('defaults to 64 characters from the ElastiCache-safe alphabet', () => {
    const opts = redisOptionsFromEnv({});
    expect(opts).toMatchObject({ pollAttempts: 30, pollIntervalMs: 2000 });
    expect(opts.policy.length).toBe(64);
    expect(opts.policy.excludeCharacters).toContain('"');
    expect(opts.policy.excludeCharacters).toContain('/');
    expect(opts.policy.excludeCharacters).toContain('@');
    expect(opts.policy.excludeCharacters).not.toMatch(/[!&#$^<>-]/);
  });
  it('refuses lengths ElastiCache or CL-SEC-1 would reject', () => {
    expect(() => redisOptionsFromEnv({ PASSWORD_LENGTH: '129' })).toThrow("outside ElastiCache's 16-128 characters");
    expect(() => redisOptionsFromEnv({ PASSWORD_LENGTH: '32' })).toThrow('set PASSWORD_LENGTH to at least 42');
    expect(redisOptionsFromEnv({ PASSWORD_LENGTH: '128' }).policy.length).toBe(128);
    expect(() => redisOptionsFromEnv({ USER_POLL_ATTEMPTS: '0' })).toThrow('USER_POLL_ATTEMPTS must be at least 1');
  });
});
