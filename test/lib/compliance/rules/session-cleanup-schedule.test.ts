import rule from '../../../../lib/compliance/rules/session-cleanup-schedule';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-SES-1
describe('SessionCleanupSchedule', () => {
  const cleanup = (schedules: Record<string, unknown>[]) => {
    const stack = ruleTestStack('prod');
    const fn = resource(stack, 'Cleanup', 'AWS::Lambda::Function', { Environment: { Variables: { CLEANUP_OPTIONS: '{}' } } });
    schedules.forEach((s, i) => resource(stack, `Schedule${i}`, 'AWS::Events::Rule', { ...s, Targets: [{ Id: 'Target0', Arn: fn.getAtt('Arn') }] }));
    return violations(rule, stack);
  };

  test.each([['rate(15 minutes)'], ['rate(5 minutes)'], ['rate(1 minute)'], ['cron(*/15 * * * ? *)'], ['cron(0/10 * * * ? *)']])(
    'an ENABLED schedule %s complies',
    (expression) => {
      expect(cleanup([{ ScheduleExpression: expression, State: 'ENABLED' }])).toEqual([]);
    },
  );

  test('another function without the job options is not concerned', () => {
    const stack = ruleTestStack('prod');
    resource(stack, 'Other', 'AWS::Lambda::Function', { Environment: { Variables: { A: 'b' } } });
    expect(violations(rule, stack)).toEqual([]);
  });

  test.each([
    ['a schedule changed to rate(6 hours) in the construct', [{ ScheduleExpression: 'rate(6 hours)', State: 'ENABLED' }]],
    ['a disabled schedule', [{ ScheduleExpression: 'rate(15 minutes)', State: 'DISABLED' }]],
    ['a daily cron', [{ ScheduleExpression: 'cron(0 3 * * ? *)', State: 'ENABLED' }]],
    ['no schedule at all', []],
    ['only an event-pattern rule', [{ EventPattern: { source: ['aws.rds'] }, State: 'ENABLED' }]],
  ])('%s is flagged', (_label, schedules) => {
    expect(cleanup(schedules)).toEqual(['Cleanup']);
  });
});
