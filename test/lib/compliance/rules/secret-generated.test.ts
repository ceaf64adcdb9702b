import rule, { generatedEntropyBits } from '../../../../lib/compliance/rules/secret-generated';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-SEC-1
describe('SecretGenerated', () => {
  test('a generated secret with 32+ bytes of entropy complies', () => {
    const stack = ruleTestStack();
    resource(stack, 'Long', 'AWS::SecretsManager::Secret', { GenerateSecretString: { PasswordLength: 64 } });
    resource(stack, 'Alphanumeric', 'AWS::SecretsManager::Secret', { GenerateSecretString: { PasswordLength: 43, ExcludePunctuation: true } });
    expect(violations(rule, stack)).toEqual([]);
  });

  test('a literal value, an empty secret, the 32-character default or a CDK-style 30-character password is flagged', () => {
    const stack = ruleTestStack();
    resource(stack, 'Literal', 'AWS::SecretsManager::Secret', { SecretString: 'hunter2' });
    resource(stack, 'Empty', 'AWS::SecretsManager::Secret', {});
    resource(stack, 'ServiceDefault', 'AWS::SecretsManager::Secret', { GenerateSecretString: { ExcludePunctuation: true } });
    resource(stack, 'Short', 'AWS::SecretsManager::Secret', { GenerateSecretString: { PasswordLength: 30, ExcludeCharacters: ' %+~`#$&*()|[]{}:;<>?!\'/@"\\' } });
    expect(violations(rule, stack).sort()).toEqual(['Empty', 'Literal', 'ServiceDefault', 'Short']);
  });

  test('entropy follows the alphabet', () => {
    expect(generatedEntropyBits({ PasswordLength: 40 })).toBeCloseTo(40 * Math.log2(94), 5);
    expect(generatedEntropyBits({ PasswordLength: 10, ExcludeUppercase: true, ExcludeLowercase: true, ExcludePunctuation: true })).toBeCloseTo(10 * Math.log2(10), 5);
    expect(generatedEntropyBits({ PasswordLength: 10, ExcludeCharacters: '0123456789', ExcludeUppercase: true, ExcludeLowercase: true, ExcludePunctuation: true })).toBe(0);
  });
});
