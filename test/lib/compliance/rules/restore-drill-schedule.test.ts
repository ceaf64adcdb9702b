import { Fn } from 'aws-cdk-lib';
import rule from '../../../../lib/compliance/rules/restore-drill-schedule';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-DB-3
describe('RestoreDrillSchedule', () => {
  const drill = (schedule?: Record<string, unknown>) => {
    const stack = ruleTestStack('prod');
    const fn = resource(stack, 'StartRestore', 'AWS::Lambda::Function', { Environment: { Variables: { DRILL_INSTANCE_PREFIX: 'platform-prod' } } });
    const sm = resource(stack, 'Drill', 'AWS::StepFunctions::StateMachine', {
      DefinitionString: Fn.join('', ['{"StartAt":"S","States":{"S":{"Type":"Task","Resource":"', fn.getAtt('Arn').toString(), '","End":true}}}']),
    });
    if (schedule) resource(stack, 'Schedule', 'AWS::Events::Rule', { ...schedule, Targets: [{ Id: 'Target0', Arn: sm.ref }] });
    return violations(rule, stack);
  };

  test('a drill started by an ENABLED monthly schedule complies', () => {
    expect(drill({ ScheduleExpression: 'cron(0 3 1 * ? *)', State: 'ENABLED' })).toEqual([]);
  });

  test('a state machine that is not the drill is not concerned', () => {
    const stack = ruleTestStack('prod');
    resource(stack, 'Other', 'AWS::StepFunctions::StateMachine', { DefinitionString: '{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}' });
    expect(violations(rule, stack)).toEqual([]);
  });

  test.each([
    ['the schedule removed', undefined],
    ['the schedule disabled', { ScheduleExpression: 'cron(0 3 1 * ? *)', State: 'DISABLED' }],
    ['a rule without a schedule expression', { EventPattern: { source: ['aws.backup'] }, State: 'ENABLED' }],
  ])('%s is flagged', (_label, schedule) => {
    expect(drill(schedule)).toEqual(['Drill']);
  });
});
