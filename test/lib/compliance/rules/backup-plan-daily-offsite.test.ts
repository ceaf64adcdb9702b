import rule, { isDaily } from '../../../../lib/compliance/rules/backup-plan-daily-offsite';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-DB-2
const plan = (schedule: string, destinationRegion?: string) => ({
  BackupPlan: {
    BackupPlanName: 'p',
    BackupPlanRule: [
      {
        RuleName: 'daily',
        TargetBackupVault: 'v',
        ScheduleExpression: schedule,
        CopyActions: destinationRegion
          ? [{ DestinationBackupVaultArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:backup:${destinationRegion}:`, { Ref: 'AWS::AccountId' }, ':backup-vault:copy']] } }]
          : undefined,
      },
    ],
  },
});

describe('BackupPlanDailyOffsite', () => {
  test('a daily rule copying to another region complies', () => {
    const stack = ruleTestStack();
    resource(stack, 'Plan', 'AWS::Backup::BackupPlan', plan('cron(0 3 * * ? *)', 'eu-central-1'));
    expect(violations(rule, stack)).toEqual([]);
  });

  test('a weekly rule, a copy to the same region, or no copy is flagged', () => {
    const stack = ruleTestStack();
    resource(stack, 'Weekly', 'AWS::Backup::BackupPlan', plan('cron(0 3 ? * SUN *)', 'eu-central-1'));
    resource(stack, 'SameRegion', 'AWS::Backup::BackupPlan', plan('cron(0 3 * * ? *)', 'eu-west-1'));
    resource(stack, 'NoCopy', 'AWS::Backup::BackupPlan', plan('cron(0 3 * * ? *)'));
    expect(violations(rule, stack).sort()).toEqual(['NoCopy', 'SameRegion', 'Weekly']);
  });

  test('isDaily reads cron and rate expressions', () => {
    expect(isDaily('rate(1 day)')).toBe(true);
    expect(isDaily('rate(12 hours)')).toBe(true);
    expect(isDaily('rate(2 days)')).toBe(false);
    expect(isDaily('cron(0 5 1 * ? *)')).toBe(false);
  });
});
