import { Fn } from 'aws-cdk-lib';
import rule from '../../../../lib/compliance/rules/alarm-action-topic';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-OBS-2
describe('AlarmActionTopic', () => {
  const withTopics = () => {
    const stack = ruleTestStack('prod');
    const critical = resource(stack, 'Critical', 'AWS::SNS::Topic', { DisplayName: 'platform-prod critical alarms' });
    const warning = resource(stack, 'Warning', 'AWS::SNS::Topic', { DisplayName: 'platform-prod warning alarms' });
    return { stack, critical, warning };
  };

  test('each alarm sending ALARM to the topic of its severity complies', () => {
    const { stack, critical, warning } = withTopics();
    resource(stack, 'Cpu', 'AWS::CloudWatch::Alarm', { AlarmDescription: '[CRITICAL] RDS CPU', AlarmActions: [critical.ref], OKActions: [critical.ref] });
    resource(stack, 'Lag', 'AWS::CloudWatch::Alarm', { AlarmName: 'platform-prod-redis-lag-warning', AlarmActions: [warning.ref] });
    expect(violations(rule, stack)).toEqual([]);
  });

  test.each([
    ['the database CPU alarm left without an action', (t: ReturnType<typeof withTopics>) => ({ AlarmDescription: '[CRITICAL] RDS CPU', OKActions: [t.critical.ref] })],
    ['a critical alarm sent to the warning topic', (t: ReturnType<typeof withTopics>) => ({ AlarmDescription: '[CRITICAL] RDS CPU', AlarmActions: [t.warning.ref] })],
    ['an alarm that says no severity', (t: ReturnType<typeof withTopics>) => ({ AlarmDescription: 'RDS CPU', AlarmActions: [t.critical.ref] })],
    ['an alarm with its actions disabled', (t: ReturnType<typeof withTopics>) => ({ AlarmDescription: '[WARNING] x', AlarmActions: [t.warning.ref], ActionsEnabled: false })],
    ['an alarm sent to an ARN that is not a platform topic', () => ({ AlarmDescription: '[WARNING] x', AlarmActions: [Fn.sub('arn:aws:sns:eu-west-1:123456789012:other')] })],
  ])('%s is flagged', (_label, properties) => {
    const topics = withTopics();
    resource(topics.stack, 'Alarm', 'AWS::CloudWatch::Alarm', properties(topics));
    expect(violations(rule, topics.stack)).toEqual(['Alarm']);
  });
});
