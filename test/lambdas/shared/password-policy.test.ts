// CL-SEC-1: alphabet and entropy arithmetic behind the ">= 32 bytes" rule, and the check of a stored value.
import {
  alphabet,
  assertPolicyStrong,
  entropyBits,
  getRandomPasswordInput,
  MIN_ENTROPY_BITS,
  type PasswordPolicy,
  passwordProblems,
} from '../../../lambdas/shared/password-policy';
import { SecretsManagerModel } from '../../support/secrets-manager-model';

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
    const problems = passwordProblems('secret!', base);
    expect(problems.join()).toMatch(/length 7 is below the policy's 64/);
    expect(problems.join()).toMatch(/1 character\(s\) outside/);
    expect(problems.join()).not.toContain('secret!');
  });

  describe('checks the value itself, not only its length and alphabet', () => {
    it.each([
      ['one repeated character', 'a'.repeat(64), /only 1 distinct character\(s\) among 64/],
      ['a short repeated pattern', 'Ab1'.repeat(22), /only 3 distinct character\(s\) among 66/],
      ['a repeated 8-character block', 'xK3pQ9mZ'.repeat(8), /only 8 distinct character\(s\) among 64/],
    ])('refuses %s', (_label, value, problem) => {
      const problems = passwordProblems(value, base).join('; ');
      expect(problems).toMatch(problem);
      expect(problems).not.toContain(value.slice(0, 8));
    });

    it('refuses a value missing a character class GetRandomPassword always includes', () => {
      const noDigits = 'qWeRtYuIoPaSdFgHjKlZxCvBnMmNbVcXzLkJhGfDsApOiUyTrEwQqAzSxDcFvGbH';
      expect(passwordProblems(noDigits, base)).toEqual(['no character from the policy\'s numbers']);
      expect(passwordProblems(noDigits, { ...base, excludeNumbers: true })).toEqual([]);
    });

    it('accepts every value GetRandomPassword generates under the policies the rotations use', () => {
      const model = new SecretsManagerModel('s', 'x');
      const policies: PasswordPolicy[] = [
        { ...base, length: 43 },
        base,
        { ...base, excludePunctuation: false, excludeCharacters: '"/@', length: 40 },
        // The Redis policy: 8 punctuation characters allowed, at its shortest length.
        { ...base, excludePunctuation: false, excludeCharacters: '"%\'()*+,./:;=?@[\\]_`{|}~', length: 42 },
      ];
      for (const policy of policies) {
        for (let i = 0; i < 500; i++) {
          const { RandomPassword } = model.getRandomPassword(getRandomPasswordInput(policy));
          expect(passwordProblems(RandomPassword, policy)).toEqual([]);
        }
      }
    });
  });
});
