import rule from '../../../../lib/compliance/rules/no-password-literal';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-SEC-1
describe('NoPasswordLiteral', () => {
  test('references, dynamic references, generated secrets and password settings comply', () => {
    const stack = ruleTestStack('prod');
    resource(stack, 'Db', 'AWS::RDS::DBInstance', {
      MasterUserPassword: '{{resolve:secretsmanager:arn:aws:secretsmanager:eu-west-1:123456789012:secret:db:SecretString:password::}}',
    });
    resource(stack, 'Joined', 'AWS::RDS::DBInstance', {
      MasterUserPassword: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: 'Secret' }, ':SecretString:password::}}']] },
    });
    resource(stack, 'Secret', 'AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 64, ExcludeCharacters: '"@/\\', SecretStringTemplate: '{"username":"app"}', GenerateStringKey: 'password' },
    });
    resource(stack, 'Fn', 'AWS::Lambda::Function', { Environment: { Variables: { PASSWORD_LENGTH: '64', DB_SECRET_ARN: { Ref: 'Secret' } } } });
    resource(stack, 'Task', 'AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [
        { Environment: [{ Name: 'DATABASE_URL', Value: 'postgres://app@proxy:5432/app' }], Secrets: [{ Name: 'AUTH_SECRET', ValueFrom: { Ref: 'Secret' } }] },
      ],
    });
    expect(violations(rule, stack)).toEqual([]);
  });

  test.each([
    ['a literal master password', 'AWS::RDS::DBInstance', { MasterUserPassword: 'hunter2hunter2' }],
    ['a literal secret string', 'AWS::SecretsManager::Secret', { SecretString: '{"password":"x"}' }],
    ['a container variable named like a secret', 'AWS::ECS::TaskDefinition', { ContainerDefinitions: [{ Environment: [{ Name: 'AUTH_SECRET', Value: 'abc123' }] }] }],
    ['a function variable named like a token', 'AWS::Lambda::Function', { Environment: { Variables: { API_TOKEN: 'tok_live_1' } } }],
    ['a URL with a password', 'AWS::Lambda::Function', { Environment: { Variables: { DATABASE_URL: 'postgres://app:s3cret@db:5432/app' } } }],
    ['a literal Redis user password', 'AWS::ElastiCache::User', { Passwords: ['averyveryverylongpassword'] }],
  ])('%s is flagged', (_label, type, properties) => {
    const stack = ruleTestStack('dev');
    resource(stack, 'Leaky', type, properties);
    expect(violations(rule, stack)).toEqual(['Leaky']);
  });
});
