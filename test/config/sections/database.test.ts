import { BUILT_IN_CONFIGS } from '../../../config';
import { accepted, problemsOf, withField } from '../../support/config-fields';

describe('config: database section', () => {
  it('defaults to PostgreSQL 17.9 on 5432, a project-specific master user, 30-day rotation and 60 s monitoring', () => {
    const { database } = accepted('dev', withField('dev', 'database', { multiAz: false }));
    expect(database).toMatchObject({
      engineVersion: '17.9',
      port: 5432,
      masterUsername: 'platform_admin',
      databaseName: 'app',
      credentialRotationDays: 30,
      monitoringIntervalSeconds: 60,
      performanceInsightsRetentionDays: 7,
      proxy: { maxConnectionsPercent: 90, maxIdleConnectionsPercent: 50, borrowTimeoutSeconds: 120 },
      bootstrap: { schema: 'app', sessionTables: ['sessions', 'verification_tokens', 'audit_logs'], revision: '1' },
    });
  });

  it('keeps prod at 35 days of point-in-time recovery, Multi-AZ, deletion protection (CL-DB-1, CL-ENV-2)', () => {
    expect(accepted('prod', BUILT_IN_CONFIGS.prod).database).toMatchObject({ backupRetentionDays: 35, multiAz: true, deletionProtection: true });
  });

  it.each([
    ['credentialRotationDays', 91, /database.credentialRotationDays: must be at most 90; got 91/],
    ['credentialRotationDays', 0, /database.credentialRotationDays: must be at least 1; got 0/],
    ['masterUsername', 'postgres', /database.masterUsername: must not be a well-known administrator name .*got "postgres"/],
    ['masterUsername', 'admin', /database.masterUsername: must not be a well-known administrator name .*got "admin"/],
    ['masterUsername', 'app', /database.masterUsername: must differ from the application roles/],
    ['masterUsername', 'Platform-Admin', /database.masterUsername: must start with a lowercase letter/],
    ['databaseName', 'template1', /database.databaseName: must not be a PostgreSQL\/RDS system database/],
    ['engineVersion', '13.4', /database.engineVersion: must be "<major>.<minor>" with major 14 or later/],
    ['instanceClass', 't4g.micro', /database.instanceClass: must be an RDS class such as db.m7g.large/],
    ['allocatedStorageGiB', 10, /database.allocatedStorageGiB: must be at least 20; got 10/],
    ['maxAllocatedStorageGiB', 20, /database.maxAllocatedStorageGiB: must be (greater than allocatedStorageGiB|at least 21)/],
    ['monitoringIntervalSeconds', 0, /database.monitoringIntervalSeconds/],
    ['performanceInsightsRetentionDays', 30, /database.performanceInsightsRetentionDays: must be 7, a multiple of 31/],
    ['logRetentionDays', 45, /database.logRetentionDays: must be one of the CloudWatch Logs retention values/],
    ['backupWindow', '2am', /database.backupWindow: must be hh:mm-hh:mm/],
  ])('refuses database.%s = %j with a message naming the field', (field, value, message) => {
    expect(problemsOf('dev', withField('dev', `database.${field}`, value)).join('\n')).toMatch(message);
  });

  it('refuses an idle pool larger than the pool', () => {
    const problems = problemsOf('dev', withField('dev', 'database.proxy', { maxConnectionsPercent: 40, maxIdleConnectionsPercent: 60 }));
    expect(problems).toEqual(['database.proxy.maxIdleConnectionsPercent: must not exceed maxConnectionsPercent (40); got 60']);
  });

  it('refuses storage autoscaling without headroom', () => {
    const problems = problemsOf('dev', withField('dev', 'database.maxAllocatedStorageGiB', 20 + 0));
    expect(problems.join('\n')).toMatch(/maxAllocatedStorageGiB/);
    const equal = withField('dev', 'database.allocatedStorageGiB', 50);
    expect(problemsOf('dev', equal)).toEqual([
      'database.maxAllocatedStorageGiB: must be greater than allocatedStorageGiB (50): storage autoscaling needs room to grow; got 50',
    ]);
  });

  it('refuses a prod database with backups under 7 days (prod floor)', () => {
    expect(problemsOf('prod', withField('prod', 'database.backupRetentionDays', 5)).join('\n')).toMatch(
      /database.backupRetentionDays: got 5; prod requires >= 7/,
    );
  });
});
