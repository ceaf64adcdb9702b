import rule from '../../../../lib/compliance/rules/log-group-retention-encryption';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-OBS-1, CL-ENC-1
describe('LogGroupRetentionEncryption', () => {
  test('a log group with retention and a KMS key complies', () => {
    const stack = ruleTestStack();
    resource(stack, 'Logs', 'AWS::Logs::LogGroup', { RetentionInDays: 365, KmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/x' });
    expect(violations(rule, stack)).toEqual([]);
  });

  test('a log group kept forever or unencrypted is flagged', () => {
    const stack = ruleTestStack();
    resource(stack, 'Forever', 'AWS::Logs::LogGroup', { KmsKeyId: 'k' });
    resource(stack, 'Plain', 'AWS::Logs::LogGroup', { RetentionInDays: 30 });
    expect(violations(rule, stack).sort()).toEqual(['Forever', 'Plain']);
  });
});
