import { validateEnvironmentConfig } from '../../../config';
import { generatedAlphabetSize } from '../../../config/sections/app-secrets';
import { problemAt, rawConfig } from '../support/config-problems';

describe('app secrets config', () => {
  test('defaults: the three signing secrets, 64 alphanumeric characters (381 bits)', () => {
    const result = validateEnvironmentConfig('prod', rawConfig('prod'));
    if (!result.ok) throw new Error('prod config invalid');
    expect(result.config.appSecrets.names).toEqual(['AUTH_SECRET', 'JWT_SECRET', 'SESSION_SECRET']);
    expect(result.config.appSecrets.length).toBe(64);
    expect(result.config.appSecrets.rotationDays).toBeLessThanOrEqual(90);
  });

  test('rotation beyond 90 days is refused (CL-SEC-2)', () => {
    const raw = rawConfig('dev');
    raw.appSecrets = { rotationDays: 91 };
    expect(problemAt('dev', raw, 'appSecrets.rotationDays').message).toContain('at most 90');
  });

  test('fewer than 256 bits of entropy is refused, naming the field and the fix', () => {
    const raw = rawConfig('dev');
    raw.appSecrets = { length: 42 }; // 42 * log2(62) = 250 bits
    expect(problemAt('dev', raw, 'appSecrets.length').message).toBe(
      'gives 250 bits of entropy (42 characters from an alphabet of 62); at least 256 bits (32 random bytes) are required: raise length or exclude fewer characters; got 42',
    );
    raw.appSecrets = { length: 43 };
    expect(validateEnvironmentConfig('dev', raw).ok).toBe(true);
  });

  test('excluded characters shrink the alphabet', () => {
    expect(generatedAlphabetSize(true, '')).toBe(62);
    expect(generatedAlphabetSize(false, '')).toBe(94);
    expect(generatedAlphabetSize(true, 'O0Il1')).toBe(57);
  });

  test('names must be environment-variable names, unique, and not end in _PREVIOUS', () => {
    const raw = rawConfig('dev');
    raw.appSecrets = { names: ['nextauth-secret'] };
    expect(problemAt('dev', raw, 'appSecrets.names.0').message).toContain('UPPER_SNAKE_CASE');
    raw.appSecrets = { names: ['AUTH_SECRET', 'AUTH_SECRET'] };
    expect(problemAt('dev', raw, 'appSecrets.names').message).toContain('twice');
    raw.appSecrets = { names: ['AUTH_SECRET_PREVIOUS'] };
    expect(problemAt('dev', raw, 'appSecrets.names').message).toContain('_PREVIOUS');
  });
});
