// Rotation hooks for the app signing secrets (AUTH_SECRET, JWT_SECRET, SESSION_SECRET...): the SecretString is
// the plain random string. Nothing is pushed anywhere: the app reads AWSCURRENT and still accepts tokens signed
// with AWSPREVIOUS during the overlap (CL-SEC-1, CL-SEC-2).
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerRotationEvent } from 'aws-lambda';
import {
  assertPolicyStrong,
  boolFromEnv,
  getRandomPasswordInput,
  intFromEnv,
  type PasswordPolicy,
  passwordProblems,
} from '../shared/password-policy';
import { jsonLogger, type Logger, type RotationHooks, runRotationStep } from '../shared/rotation';

export function appSecretPolicyFromEnv(env: Record<string, string | undefined>): PasswordPolicy {
  const policy: PasswordPolicy = {
    length: intFromEnv(env, 'PASSWORD_LENGTH', 64),
    excludeCharacters: env.EXCLUDE_CHARACTERS ?? '',
    excludePunctuation: boolFromEnv(env, 'EXCLUDE_PUNCTUATION', true),
    excludeNumbers: boolFromEnv(env, 'EXCLUDE_NUMBERS', false),
    excludeUppercase: boolFromEnv(env, 'EXCLUDE_UPPERCASE', false),
    excludeLowercase: boolFromEnv(env, 'EXCLUDE_LOWERCASE', false),
    includeSpace: boolFromEnv(env, 'INCLUDE_SPACE', false),
  };
  assertPolicyStrong(policy);
  return policy;
}

function assertCompliant(secretValue: string, policy: PasswordPolicy): void {
  const problems = passwordProblems(secretValue, policy);
  if (problems.length > 0) throw new Error(`pending secret value does not meet the password policy: ${problems.join('; ')}`);
}

export function appSecretHooks(policy: PasswordPolicy): RotationHooks {
  return {
    randomPassword: getRandomPasswordInput(policy),
    buildPending: (_current, newPassword) => newPassword,
    pendingProblems: ({ pending }) => passwordProblems(pending, policy),
    // The app pulls the value itself, so there is no service to update; refuse to go on with a weak value.
    setSecret: async ({ pending }) => assertCompliant(pending, policy),
    testSecret: async ({ pending }) => assertCompliant(pending, policy),
  };
}

export function rotateAppSecret(
  client: SecretsManagerClient,
  event: SecretsManagerRotationEvent,
  policy: PasswordPolicy,
  log: Logger = jsonLogger,
): Promise<void> {
  return runRotationStep(client, event, appSecretHooks(policy), log);
}
