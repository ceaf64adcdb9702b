// Password policy shared by the rotation Lambdas: which characters Secrets Manager's GetRandomPassword may
// draw from, how much entropy that gives, and whether a stored password complies (CL-SEC-1: >= 32 bytes).
import type { GetRandomPasswordCommandInput } from '@aws-sdk/client-secrets-manager';

/** CL-SEC-1: every generated secret carries at least 32 bytes (256 bits) of entropy. */
export const MIN_ENTROPY_BITS = 256;

const LOWERCASE = 'abcdefghijklmnopqrstuvwxyz';
const UPPERCASE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const NUMBERS = '0123456789';
// The punctuation set GetRandomPassword documents (exported so callers can exclude all but a few).
export const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

export interface PasswordPolicy {
  length: number;
  excludeCharacters: string;
  excludePunctuation: boolean;
  excludeNumbers: boolean;
  excludeUppercase: boolean;
  excludeLowercase: boolean;
  includeSpace: boolean;
}

/** The characters GetRandomPassword can produce under this policy. */
export function alphabet(policy: PasswordPolicy): string {
  const classes = [
    policy.excludeLowercase ? '' : LOWERCASE,
    policy.excludeUppercase ? '' : UPPERCASE,
    policy.excludeNumbers ? '' : NUMBERS,
    policy.excludePunctuation ? '' : PUNCTUATION,
    policy.includeSpace ? ' ' : '',
  ].join('');
  return [...classes].filter((c) => !policy.excludeCharacters.includes(c)).join('');
}

/** Entropy of a uniformly random password of `length` characters over the policy's alphabet. */
export function entropyBits(policy: PasswordPolicy, length = policy.length): number {
  const size = alphabet(policy).length;
  return size < 2 ? 0 : length * Math.log2(size);
}

/** Throws a clear error when the policy cannot yield CL-SEC-1 strength secrets. */
export function assertPolicyStrong(policy: PasswordPolicy, lengthSetting = 'PASSWORD_LENGTH'): void {
  if (!Number.isInteger(policy.length) || policy.length < 1) {
    throw new Error(`${lengthSetting} must be a positive integer, got ${policy.length}`);
  }
  const size = alphabet(policy).length;
  if (size < 2) throw new Error('the password alphabet has fewer than 2 characters: exclude fewer character classes');
  const bits = entropyBits(policy);
  if (bits < MIN_ENTROPY_BITS) {
    const needed = Math.ceil(MIN_ENTROPY_BITS / Math.log2(size));
    throw new Error(
      `${lengthSetting}=${policy.length} over a ${size}-character alphabet gives ${bits.toFixed(0)} bits of entropy, ` +
        `below the ${MIN_ENTROPY_BITS} required (CL-SEC-1): set ${lengthSetting} to at least ${needed}`,
    );
  }
}

export function getRandomPasswordInput(policy: PasswordPolicy): GetRandomPasswordCommandInput {
  return {
    PasswordLength: policy.length,
    ExcludeCharacters: policy.excludeCharacters || undefined,
    ExcludePunctuation: policy.excludePunctuation,
    ExcludeNumbers: policy.excludeNumbers,
    ExcludeUppercase: policy.excludeUppercase,
    ExcludeLowercase: policy.excludeLowercase,
    IncludeSpace: policy.includeSpace,
    RequireEachIncludedType: true,
  };
}

/** Why a stored password does not meet the policy; empty when it does. Never includes the password itself. */
export function passwordProblems(password: string, policy: PasswordPolicy): string[] {
  const problems: string[] = [];
  if (password.length < policy.length) problems.push(`length ${password.length} is below the policy's ${policy.length}`);
  const allowed = alphabet(policy);
  const foreign = [...password].filter((c) => !allowed.includes(c)).length;
  if (foreign > 0) problems.push(`${foreign} character(s) outside the policy's alphabet`);
  const bits = entropyBits(policy, password.length);
  if (bits < MIN_ENTROPY_BITS) problems.push(`${bits.toFixed(0)} bits of entropy, below ${MIN_ENTROPY_BITS}`);
  return problems;
}

type Env = Record<string, string | undefined>;

export function intFromEnv(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return Number(raw.trim());
}

export function boolFromEnv(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = raw.trim().toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new Error(`${name} must be "true" or "false", got "${raw}"`);
}
