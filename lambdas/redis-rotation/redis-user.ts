// Rotation hooks for the ElastiCache RBAC app user (CL-RED-1, CL-SEC-2). SecretString is JSON
// { username, password, userId }. An RBAC user may hold two passwords, so setSecret installs
// [current, pending]: clients still holding AWSCURRENT keep authenticating while the new password spreads.
// The old password is dropped by the NEXT rotation's setSecret ([its current, its new]), so the overlap
// lasts one full rotation period.
//
// testSecret checks the user through the ElastiCache API (active, two passwords) AND proves the pending password
// by an AUTH over TLS against the replication group: ElastiCache can report a change it has not applied, and a
// password Redis refuses (WRONGPASS) must never become AWSCURRENT.
import { DescribeUsersCommand, type ElastiCacheClient, ModifyUserCommand, type User } from '@aws-sdk/client-elasticache';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerRotationEvent } from 'aws-lambda';
import {
  assertPolicyStrong,
  getRandomPasswordInput,
  intFromEnv,
  type PasswordPolicy,
  passwordProblems,
  PUNCTUATION,
} from '../shared/password-policy';
import { readFields } from '../shared/fields';
import { jsonLogger, type Logger, type RotationHooks, runRotationStep } from '../shared/rotation';
import { authenticates, type RedisEndpoint } from './redis-auth';

// ElastiCache passwords: 16-128 printable ASCII characters; the only special characters Redis AUTH
// passwords may contain are ! & # $ ^ < > - (no spaces, no " / @ and the rest).
const ALLOWED_PUNCTUATION = '!&#$^<>-';
const MIN_LENGTH = 16;
const MAX_LENGTH = 128;

export interface RedisRotationOptions {
  policy: PasswordPolicy;
  /** DescribeUsers checks while waiting for the user to become active again. */
  pollAttempts: number;
  pollIntervalMs: number;
  sleep?: (ms: number) => Promise<void>;
  /** Where testSecret AUTHenticates with the pending password: the replication group's primary endpoint. */
  redis: RedisEndpoint;
}

export function redisPasswordPolicy(length: number): PasswordPolicy {
  if (length < MIN_LENGTH || length > MAX_LENGTH) {
    throw new Error(`PASSWORD_LENGTH=${length} is outside ElastiCache's ${MIN_LENGTH}-${MAX_LENGTH} characters: pick a length in that range`);
  }
  const policy: PasswordPolicy = {
    length,
    excludeCharacters: [...PUNCTUATION].filter((c) => !ALLOWED_PUNCTUATION.includes(c)).join(''),
    excludePunctuation: false,
    excludeNumbers: false,
    excludeUppercase: false,
    excludeLowercase: false,
    includeSpace: false,
  };
  assertPolicyStrong(policy);
  return policy;
}

export function redisOptionsFromEnv(env: Record<string, string | undefined>): RedisRotationOptions {
  const pollAttempts = intFromEnv(env, 'USER_POLL_ATTEMPTS', 30);
  if (pollAttempts < 1) throw new Error('USER_POLL_ATTEMPTS must be at least 1');
  const host = env.REDIS_ENDPOINT?.trim();
  if (!host) throw new Error("REDIS_ENDPOINT is not set: give the replication group's primary endpoint (testSecret AUTHenticates there)");
  return {
    policy: redisPasswordPolicy(intFromEnv(env, 'PASSWORD_LENGTH', 64)),
    pollAttempts,
    pollIntervalMs: intFromEnv(env, 'USER_POLL_INTERVAL_MS', 2000),
    redis: { host, port: intFromEnv(env, 'REDIS_PORT', 6379), timeoutMs: intFromEnv(env, 'REDIS_TIMEOUT_MS', 5000) },
  };
}

/** A Redis user secret; other keys of the secret are kept. */
export interface RedisSecret {
  username: string;
  password: string;
  userId: string;
  [key: string]: unknown;
}

/** Parses a Redis user secret; errors name the field but never echo the value. */
export function parseRedisSecret(secretString: string, label: string): RedisSecret {
  const expected = 'expected {"username","password","userId"}';
  let json: unknown;
  try {
    json = JSON.parse(secretString);
  } catch {
    throw new Error(`${label} Redis secret is not JSON: ${expected}`);
  }
  return readFields(
    json,
    (r) => ({
      ...r.fields,
      username: r.string('username'),
      password: r.string('password'),
      userId: r.string('userId', { pattern: /^[a-zA-Z][a-zA-Z0-9-]*$/, patternHint: 'must be an ElastiCache user id (letter, then letters, digits, -)' }),
    }),
    (problems) => `${label} Redis secret is invalid (${problems}): ${expected}`,
  );
}

async function describeUser(client: ElastiCacheClient, userId: string): Promise<User> {
  const { Users } = await client.send(new DescribeUsersCommand({ UserId: userId }));
  const user = Users?.find((u) => u.UserId === userId);
  if (!user) throw new Error(`ElastiCache user ${userId} not found: check the secret's userId`);
  return user;
}

/** ModifyUser is refused while the user is "modifying", and the change is live only once it is "active" again. */
async function waitUntilActive(client: ElastiCacheClient, userId: string, options: RedisRotationOptions): Promise<void> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let status: string | undefined;
  for (let attempt = 1; attempt <= options.pollAttempts; attempt++) {
    status = (await describeUser(client, userId)).Status;
    if (status === 'active') return;
    if (attempt < options.pollAttempts) await sleep(options.pollIntervalMs);
  }
  throw new Error(
    `ElastiCache user ${userId} is still "${status}" after ${options.pollAttempts} checks: ` +
      'rotation will retry; raise USER_POLL_ATTEMPTS or the Lambda timeout if this persists',
  );
}

/** Why the pending secret can never be installed; throws when the current secret is malformed. */
function pendingSecretProblems(current: string, pending: string, policy: PasswordPolicy): string[] {
  const c = parseRedisSecret(current, 'AWSCURRENT');
  let p: RedisSecret;
  try {
    p = parseRedisSecret(pending, 'AWSPENDING');
  } catch (err) {
    return [(err as Error).message];
  }
  if (p.userId !== c.userId) return [`AWSPENDING userId ${p.userId} differs from AWSCURRENT ${c.userId}`];
  if (p.password === c.password) return ['AWSPENDING password equals AWSCURRENT'];
  return passwordProblems(p.password, policy);
}

export function redisUserHooks(elasticache: ElastiCacheClient, options: RedisRotationOptions): RotationHooks {
  const pair = (current: string, pending: string) => {
    const problems = pendingSecretProblems(current, pending, options.policy);
    if (problems.length > 0) throw new Error(`pending Redis secret cannot be installed: ${problems.join('; ')}`);
    return { c: parseRedisSecret(current, 'AWSCURRENT'), p: parseRedisSecret(pending, 'AWSPENDING') };
  };
  return {
    randomPassword: getRandomPasswordInput(options.policy),
    buildPending: (current, newPassword) =>
      JSON.stringify({ ...parseRedisSecret(current, 'AWSCURRENT'), password: newPassword }),
    pendingProblems: ({ current, pending }) => pendingSecretProblems(current, pending, options.policy),
    setSecret: async ({ current, pending }) => {
      const { c, p } = pair(current, pending);
      await waitUntilActive(elasticache, c.userId, options);
      // Replaces the user's password list: re-running installs the same pair, and drops the password the
      // previous rotation retired.
      await elasticache.send(new ModifyUserCommand({ UserId: c.userId, Passwords: [c.password, p.password] }));
      await waitUntilActive(elasticache, c.userId, options);
    },
    testSecret: async ({ current, pending }) => {
      const { c, p } = pair(current, pending);
      const user = await describeUser(elasticache, c.userId);
      const count = user.Authentication?.PasswordCount;
      if (user.Status !== 'active' || user.Authentication?.Type !== 'password' || count !== 2) {
        throw new Error(
          `ElastiCache user ${c.userId} is not ready (status ${user.Status}, authentication ${user.Authentication?.Type}, ` +
            `${count} password(s)); expected active with 2 passwords: setSecret must complete first`,
        );
      }
      if (!(await authenticates(options.redis, p.username, p.password))) {
        const { host, port } = options.redis;
        throw new Error(
          `Redis at ${host}:${port} refuses the pending password of user ${p.username} (WRONGPASS) although ElastiCache ` +
            `reports user ${c.userId} active with 2 passwords: not promoting it; the retried setSecret installs it again`,
        );
      }
    },
  };
}

export function rotateRedisUser(
  secrets: SecretsManagerClient,
  elasticache: ElastiCacheClient,
  event: SecretsManagerRotationEvent,
  options: RedisRotationOptions,
  log: Logger = jsonLogger,
): Promise<void> {
  return runRotationStep(secrets, event, redisUserHooks(elasticache, options), log);
}
