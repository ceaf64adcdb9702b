// Option defaults and validation (shared with the CDK config, which validates CLEANUP_OPTIONS at synth).
import { CleanupOptionsError, DEFAULT_CLEANUP_OPTIONS, validateCleanupOptions } from '../../../lambdas/session-cleanup/options';

describe('validateCleanupOptions', () => {
  it('fills the documented defaults', () => {
    expect(validateCleanupOptions()).toEqual(DEFAULT_CLEANUP_OPTIONS);
    expect(DEFAULT_CLEANUP_OPTIONS).toMatchObject({
      schema: 'public', sessionsTable: 'sessions', maxSessionsPerUser: 100, expiredGraceSeconds: 0,
      revokedRetentionSeconds: 7 * 86400, auditLogRetentionSeconds: 90 * 86400,
    });
    expect(validateCleanupOptions({ batchSize: 10, schema: 'Auth' })).toMatchObject({ batchSize: 10, schema: 'Auth', sessionsTable: 'sessions' });
  });

  it('lists every bad field with the fix, and refuses unknown ones', () => {
    let message = '';
    try {
      validateCleanupOptions({ schema: '1bad', auditLogsTable: 'a'.repeat(64), deleteExpired: 'yes', batchSize: 1.5, maxSessionsPerUser: 0, batchsize: 3 });
    } catch (error) {
      expect(error).toBeInstanceOf(CleanupOptionsError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/unknown option "batchsize"/);
    expect(message).toMatch(/schema must be a plain SQL identifier .* got "1bad"/);
    expect(message).toMatch(/auditLogsTable must be a plain SQL identifier/);
    expect(message).toMatch(/deleteExpired must be true or false, got "yes"/);
    expect(message).toMatch(/batchSize must be an integer from 1 to 100000, got 1.5/);
    expect(message).toMatch(/maxSessionsPerUser must be an integer from 1/);
  });

  it('refuses an audit-log retention under one day, as the CDK config does (auditLogRetentionDays >= 1)', () => {
    expect(() => validateCleanupOptions({ auditLogRetentionSeconds: 0 })).toThrow(/auditLogRetentionSeconds must be an integer from 86400 to/);
    expect(() => validateCleanupOptions({ auditLogRetentionSeconds: 86399 })).toThrow(/auditLogRetentionSeconds must be an integer from 86400 to/);
    expect(validateCleanupOptions({ auditLogRetentionSeconds: 86400 }).auditLogRetentionSeconds).toBe(86400);
  });

  it.each(['sessions"; DROP TABLE users; --', 'a b', 'sessions.x', '', 'ünïcode'])('refuses identifier %j', (name) => {
    expect(() => validateCleanupOptions({ sessionsTable: name })).toThrow(/sessionsTable must be a plain SQL identifier/);
  });

  it('accepts a negative grace (the live guard still protects live sessions) and functions only for remainingTimeMs', () => {
    expect(validateCleanupOptions({ expiredGraceSeconds: -3600 }).expiredGraceSeconds).toBe(-3600);
    const remaining = () => 1;
    expect(validateCleanupOptions({ remainingTimeMs: remaining }).remainingTimeMs).toBe(remaining);
    expect(() => validateCleanupOptions({ remainingTimeMs: 5 })).toThrow(/remainingTimeMs must be a function/);
    expect(() => validateCleanupOptions({ deadline: 'soon' })).toThrow(/deadline must be an epoch time/);
    expect(() => validateCleanupOptions(null)).toThrow(/cleanup options must be an object/);
    expect(() => validateCleanupOptions({ maxSessionsPerUser: 500, overflowScanChunk: 500 })).toThrow(
      /overflowScanChunk \(500\) must be larger than maxSessionsPerUser \(500\)/);
  });
});
