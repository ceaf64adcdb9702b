import rule from '../../../../lib/compliance/rules/kms-key-rotation';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-ENC-1
describe('KmsKeyRotation', () => {
  test('a key with rotation complies', () => {
    const stack = ruleTestStack();
    resource(stack, 'Key', 'AWS::KMS::Key', { EnableKeyRotation: true });
    expect(violations(rule, stack)).toEqual([]);
  });

  test('a key without rotation is flagged', () => {
    const stack = ruleTestStack();
    resource(stack, 'Key', 'AWS::KMS::Key', {});
    expect(violations(rule, stack)).toEqual(['Key']);
  });
});
