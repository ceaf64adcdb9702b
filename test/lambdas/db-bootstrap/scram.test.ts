// SCRAM verifiers are what PostgreSQL stores; logging in with them is proven in bootstrap.test.ts.
import { scramSha256Verifier } from '../../../lambdas/db-bootstrap/scram';

describe('scramSha256Verifier', () => {
  it('produces PostgreSQL\'s SCRAM-SHA-256$iterations:salt$StoredKey:ServerKey format, salted per call', () => {
    const a = scramSha256Verifier('correct horse battery staple');
    expect(a).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$/);
    expect(scramSha256Verifier('correct horse battery staple')).not.toBe(a);
    const salt = Buffer.alloc(16, 1);
    expect(scramSha256Verifier('pw', salt)).toBe(scramSha256Verifier('pw', salt));
    expect(a).not.toContain('correct horse');
  });

  it('refuses passwords SASLprep would change', () => {
    expect(() => scramSha256Verifier('pässword')).toThrow('non-ASCII or control characters');
  });
});
