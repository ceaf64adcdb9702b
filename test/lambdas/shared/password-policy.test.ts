// CL-SEC-1: alphabet and entropy arithmetic behind the ">= 32 bytes" rule.
import {
  alphabet,
  assertPolicyStrong,
  entropyBits,
  getRandomPasswordInput,
  MIN_ENTROPY_BITS,
  type PasswordPolicy,
  passwordProblems,
} from '../../../lambdas/shared/password-policy';

const base: PasswordPolicy = {
  length: 64,
  excludeCharacters: '',
  excludePunctuation: true,
  excludeNumbers: false,
  excludeUppercase: false,
  excludeLowercase: false,
  includeSpace: false,
};

describe('password policy', () => {
  it('counts the alphabet GetRandomPassword draws from', () => {
    expect(alphabet(base)).toHaveLength(62);
    expect(alphabet({ ...base, excludePunctuation: false })).toHaveLength(94);
    expect(alphabet({ ...base, excludePunctuation: false, includeSpace: true, excludeCharacters: '"@/' })).toHaveLength(92);
    expect(alphabet({ ...base, excludeCharacters: 'abc' })).not.toMatch(/[abc]/);
  });

  it('computes entropy as length x log2(alphabet size)', () => {
    expect(entropyBits(base)).toBeCloseTo(64 * Math.log2(62));
    expect(entropyBits({ ...base, excludeLowercase: true, excludeUppercase: true, excludeNumbers: true })).toBe(0);
  });

  it('accepts exactly the lengths reaching 256 bits', () => {
    expect(() => assertPolicyStrong({ ...base, length: 43 })).not.toThrow();
    expect(() => assertPolicyStrong({ ...base, length: 42 })).toThrow(`below the ${MIN_ENTROPY_BITS} required`);
    expect(() => assertPolicyStrong({ ...base, excludeLowercase: true, excludeUppercase: true, excludeNumbers: true })).toThrow(
      'fewer than 2 characters',
    );
  });

  it('passes the options through to GetRandomPassword', () => {
    expect(getRandomPasswordInput({ ...base, excludeCharacters: 'xyz' })).toEqual({
      PasswordLength: 64,
      ExcludeCharacters: 'xyz',
      ExcludePunctuation: true,
      ExcludeNumbers: false,
      ExcludeUppercase: false,
      ExcludeLowercase: false,
      IncludeSpace: false,
      RequireEachIncludedType: true,
    });
  });

  it('reports problems with a stored password without echoing it', () => {
    expect(passwordProblems('A'.repeat(64), base)).toEqual([]);
    const problems = passwordProblems('secret!', base);
    expect(problems.join()).toMatch(/length 7 is below the policy's 64/);
    expect(problems.join()).toMatch(/1 character\(s\) outside/);
    expect(problems.join()).not.toContain('secret!');
  });
});
