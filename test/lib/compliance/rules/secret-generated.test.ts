import rule from '../../../../lib/compliance/rules/secret-generated';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-SEC-1
describe('SecretGenerated', () => {
  test('a generated secret of 32+ characters (or the service default) complies', () => {
    const stack = ruleTestStack();
    resource(stack, 'Long', 'AWS::SecretsManager::Secret', { GenerateSecretString: { PasswordLength: 64 } });
    resource(stack, 'ServiceDefault', 'AWS::SecretsManager::Secret', { GenerateSecretString: { ExcludePunctuation: true } });
    expect(violations(rule, stack)).toEqual([]);
  });

  test('a literal value or a short generated one is flagged', () => {
    const stack = ruleTestStack();
    resource(stack, 'Literal', 'AWS::SecretsManager::Secret', { SecretString: 'hunter2' });
    resource(stack, 'Empty', 'AWS::SecretsManager::Secret', {});
    resource(stack, 'Short', 'AWS::SecretsManager::Secret', { GenerateSecretString: { PasswordLength: 30 } });
    expect(violations(rule, stack).sort()).toEqual(['Empty', 'Literal', 'Short']);
  });
});
