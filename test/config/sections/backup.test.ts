import { BUILT_IN_CONFIGS } from '../../../config';
import { accepted, problemsOf, withField } from '../../support/config-fields';

describe('config: backup section', () => {
  it('is required: every environment names its copy region', () => {
    expect(problemsOf('dev', withField('dev', 'backup', undefined))).toEqual(['backup: must be an object; got nothing']);
  });

  it('gives prod daily, weekly and monthly tiers under a compliance-mode lock', () => {
    expect(accepted('prod', BUILT_IN_CONFIGS.prod).backup).toEqual({
      copyRegion: 'eu-west-3',
      startHourUtc: 5,
      dailyRetentionDays: 35,
      weeklyRetentionDays: 91,
      monthlyRetentionDays: 365,
      vaultLock: { mode: 'compliance', minRetentionDays: 7, maxRetentionDays: 400, changeableForDays: 3 },
    });
  });

  it('defaults to a governance lock, 35 daily days, no weekly or monthly tier', () => {
    expect(accepted('dev', withField('dev', 'backup', { copyRegion: 'eu-west-3' })).backup).toEqual({
      copyRegion: 'eu-west-3',
      startHourUtc: 5,
      dailyRetentionDays: 35,
      weeklyRetentionDays: 0,
      monthlyRetentionDays: 0,
      vaultLock: { mode: 'governance', minRetentionDays: 7, maxRetentionDays: 400, changeableForDays: 3 },
    });
  });

  it('refuses a copy region equal to the environment region', () => {
    expect(problemsOf('staging', withField('staging', 'backup.copyRegion', 'eu-west-1'))).toEqual([
      'backup.copyRegion: must differ from the environment region "eu-west-1": a copy in the same region does not survive a regional outage (CL-DB-2)',
    ]);
  });

  it('refuses tier retentions outside the vault lock range, which AWS Backup would reject', () => {
    expect(problemsOf('prod', withField('prod', 'backup.monthlyRetentionDays', 500))).toEqual([
      'backup.monthlyRetentionDays: must lie within the vault lock range 7-400 days (vaultLock.minRetentionDays/maxRetentionDays), or AWS Backup rejects the recovery point; got 500',
    ]);
    expect(problemsOf('dev', withField('dev', 'backup.dailyRetentionDays', 3)).join('\n')).toMatch(/backup.dailyRetentionDays: must lie within the vault lock range 7-35/);
  });

  it.each([
    ['vaultLock.mode', 'strict', /backup.vaultLock.mode: must be one of "governance", "compliance"; got "strict"/],
    ['vaultLock.changeableForDays', 1, /backup.vaultLock.changeableForDays: must be at least 3; got 1/],
    ['vaultLock.minRetentionDays', 500, /backup.vaultLock.minRetentionDays: must not exceed maxRetentionDays/],
    ['startHourUtc', 24, /backup.startHourUtc: must be at most 23; got 24/],
    ['copyRegion', 'Paris', /backup.copyRegion: must be an AWS region code/],
  ])('refuses backup.%s = %j', (field, value, message) => {
    expect(problemsOf('dev', withField('dev', `backup.${field}`, value)).join('\n')).toMatch(message);
  });

  it('refuses prod daily backups kept under a week (prod floor)', () => {
    const raw = withField('prod', 'backup.dailyRetentionDays', 7);
    expect(accepted('prod', raw).backup.dailyRetentionDays).toBe(7);
    const low = withField('prod', 'backup.vaultLock.minRetentionDays', 1);
    (low.backup as { dailyRetentionDays: number }).dailyRetentionDays = 5;
    expect(problemsOf('prod', low).join('\n')).toMatch(/backup.dailyRetentionDays: got 5; prod requires >= 7/);
  });
});
