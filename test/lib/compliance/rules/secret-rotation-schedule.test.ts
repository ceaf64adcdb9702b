import rule from '../../../../lib/compliance/rules/secret-rotation-schedule';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-SEC-2
describe('SecretRotationSchedule', () => {
  test('rotation every 30 days, every "rate(90 days)", or through a database attachment complies', () => {
    const stack = ruleTestStack();
    const a = resource(stack, 'A', 'AWS::SecretsManager::Secret', {});
    resource(stack, 'RotA', 'AWS::SecretsManager::RotationSchedule', { SecretId: a.ref, RotationRules: { AutomaticallyAfterDays: 30 } });
    const b = resource(stack, 'B', 'AWS::SecretsManager::Secret', {});
    resource(stack, 'RotB', 'AWS::SecretsManager::RotationSchedule', { SecretId: b.ref, RotationRules: { ScheduleExpression: 'rate(90 days)' } });
    const db = resource(stack, 'Db', 'AWS::SecretsManager::Secret', {});
    const attachment = resource(stack, 'Attach', 'AWS::SecretsManager::SecretTargetAttachment', { SecretId: db.ref, TargetId: 'x', TargetType: 'AWS::RDS::DBInstance' });
    resource(stack, 'RotDb', 'AWS::SecretsManager::RotationSchedule', { SecretId: attachment.ref, RotationRules: { AutomaticallyAfterDays: 30 } });
    expect(violations(rule, stack)).toEqual([]);
  });

  test('no schedule, or a schedule of more than 90 days, is flagged', () => {
    const stack = ruleTestStack();
    resource(stack, 'Never', 'AWS::SecretsManager::Secret', {});
    const slow = resource(stack, 'Slow', 'AWS::SecretsManager::Secret', {});
    resource(stack, 'RotSlow', 'AWS::SecretsManager::RotationSchedule', { SecretId: slow.ref, RotationRules: { ScheduleExpression: 'rate(120 days)' } });
    expect(violations(rule, stack).sort()).toEqual(['Never', 'Slow']);
  });
});
