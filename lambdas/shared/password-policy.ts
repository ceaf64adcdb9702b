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

/** The character classes GetRandomPassword draws from under this policy, excluded characters removed. */
function characterClasses(policy: PasswordPolicy): { name: string; characters: string }[] {
  return [
    { name: 'lowercase letters', characters: policy.excludeLowercase ? '' : LOWERCASE },
    { name: 'uppercase letters', characters: policy.excludeUppercase ? '' : UPPERCASE },
    { name: 'numbers', characters: policy.excludeNumbers ? '' : NUMBERS },
    { name: 'punctuation', characters: policy.excludePunctuation ? '' : PUNCTUATION },
    { name: 'space', characters: policy.includeSpace ? ' ' : '' },
  ]
    .map((c) => ({ ...c, characters: [...c.characters].filter((ch) => !policy.excludeCharacters.includes(ch)).join('') }))
    .filter((c) => c.characters.length > 0);
}

/** The characters GetRandomPassword can produce under this policy. */
export function alphabet(policy: PasswordPolicy): string {
  return characterClasses(policy)
    .map((c) => c.characters)
    .join('');
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

/** A genuinely random value fails the value checks below with at most this probability. */
const FALSE_REJECTION_PROBABILITY = 1e-9;

/**
 * P(at most `distinct` different characters) among `length` uniform draws from `size` characters
 * (the occupancy distribution, by dynamic programming over the draws).
 */
function probabilityOfAtMostDistinct(length: number, size: number, distinct: number): number {
  let p = [1];
  for (let draw = 0; draw < length; draw++) {
    const next = new Array<number>(Math.min(draw + 1, size) + 1).fill(0);
    p.forEach((q, seen) => {
      next[seen] += (q * seen) / size;
      if (seen < size) next[seen + 1] += (q * (size - seen)) / size;
    });
    p = next;
  }
  return p.slice(0, distinct + 1).reduce((a, b) => a + b, 0);
}

/**
 * Why a stored password does not meet the policy; empty when it does. Never includes the password itself.
 * Length and alphabet give the entropy a random value would have; the value itself must also look like a
 * GetRandomPassword draw (RequireEachIncludedType): every included character class present, and not
 * improbably few distinct characters (64 x "a", a repeated short block). A random value fails these with
 * probability below 1e-9; they catch degenerate values, not every structured one.
 */
export function passwordProblems(password: string, policy: PasswordPolicy): string[] {
  const problems: string[] = [];
  const characters = [...password];
  if (characters.length < policy.length) problems.push(`length ${characters.length} is below the policy's ${policy.length}`);
  const allowed = alphabet(policy);
  const foreign = characters.filter((c) => !allowed.includes(c)).length;
  if (foreign > 0) problems.push(`${foreign} character(s) outside the policy's alphabet`);
  const bits = entropyBits(policy, characters.length);
  if (bits < MIN_ENTROPY_BITS) problems.push(`${bits.toFixed(0)} bits of entropy, below ${MIN_ENTROPY_BITS}`);
  for (const { name, characters: members } of characterClasses(policy)) {
    if (!characters.some((c) => members.includes(c))) problems.push(`no character from the policy's ${name}`);
  }
  const distinct = new Set(characters).size;
  if (probabilityOfAtMostDistinct(characters.length, allowed.length, distinct) < FALSE_REJECTION_PROBABILITY) {
    problems.push(
      `only ${distinct} distinct character(s) among ${characters.length}: a random value over ${allowed.length} characters ` +
        `has that few with probability below ${FALSE_REJECTION_PROBABILITY}`,
    );
  }
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
