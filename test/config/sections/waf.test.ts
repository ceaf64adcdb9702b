import { validateEnvironmentConfig } from '../../../config';
import { problemAt, rawConfig } from '../support/config-problems';

describe('WAF config', () => {
  test('defaults follow the seeds within what WAF accepts', () => {
    const result = validateEnvironmentConfig('prod', rawConfig('prod'));
    if (!result.ok) throw new Error('prod config invalid');
    expect(result.config.waf.generalRateLimit).toEqual({ limit: 1000, windowSeconds: 300 });
    expect(result.config.waf.credentialRateLimit).toEqual({ limit: 10, windowSeconds: 600 });
    expect(result.config.waf.authRateLimit).toEqual({ limit: 300, windowSeconds: 300 });
    expect(result.config.waf.maxBodyBytes).toBe(8192);
  });

  test.each([
    ['generalRateLimit', { limit: 9 }, 'limit', 'must be at least 10'],
    ['authRateLimit', { limit: 2_000_000_001 }, 'limit', 'must be at most 2000000000'],
    ['authRateLimit', { windowSeconds: 900 }, 'windowSeconds', 'must be one of the AWS WAF evaluation windows 60, 120, 300, 600'],
    ['credentialRateLimit', { limit: 5 }, 'limit', 'must be at least 10'],
    ['generalRateLimit', { limit: 100.5 }, 'limit', 'must be a int'],
  ])('%s %j is refused', (rule, value, field, message) => {
    const raw = rawConfig('prod');
    raw.waf = { ...raw.waf, [rule]: value };
    expect(problemAt('prod', raw, `waf.${rule}.${field}`).message).toContain(message);
  });

  test('a body limit beyond what WAF inspects behind an ALB is refused', () => {
    const raw = rawConfig('prod');
    raw.waf = { ...raw.waf, maxBodyBytes: 1_048_576 };
    expect(problemAt('prod', raw, 'waf.maxBodyBytes').message).toContain('at most 8192');
  });

  test('prod must block (prod floor); dev may count', () => {
    const raw = rawConfig('prod');
    raw.waf = { ...raw.waf, mode: 'count' };
    expect(problemAt('prod', raw, 'waf.mode').message).toContain('prod requires "block"');
    expect(validateEnvironmentConfig('dev', rawConfig('dev')).ok).toBe(true);
  });

  test('auth paths are URL path prefixes', () => {
    const raw = rawConfig('dev');
    raw.waf = { ...raw.waf, authPaths: ['api/auth'] };
    expect(problemAt('dev', raw, 'waf.authPaths.0').message).toContain('must be a URL path prefix');
  });

  test('the credential limit must stay at most as permissive as the auth-path limit', () => {
    const raw = rawConfig('dev');
    raw.waf = { ...raw.waf, credentialRateLimit: { limit: 100, windowSeconds: 60 }, authRateLimit: { limit: 100, windowSeconds: 600 } };
    expect(problemAt('dev', raw, 'waf.credentialRateLimit').message).toContain(
      'allows 100 per 60 s, more than authRateLimit (100 per 600 s): credential submissions must be limited at least as strictly',
    );
  });
});
