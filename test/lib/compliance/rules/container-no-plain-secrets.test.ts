import rule, { looksSecret } from '../../../../lib/compliance/rules/container-no-plain-secrets';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-SEC-3
const task = (names: string[]) => ({
  ContainerDefinitions: [{ Name: 'app', Image: 'x', Environment: names.map((Name) => ({ Name, Value: 'v' })), Secrets: [{ Name: 'AUTH_SECRET', ValueFrom: 'arn' }] }],
});

describe('ContainerNoPlainSecrets', () => {
  test('operational settings in the environment and secrets through ECS secrets comply', () => {
    const stack = ruleTestStack();
    resource(stack, 'Task', 'AWS::ECS::TaskDefinition', task(['NODE_ENV', 'AUTH_URL', 'RATE_LIMIT_TOKENS', 'LOG_LEVEL', 'SESSION_MAX_AGE']));
    expect(violations(rule, stack)).toEqual([]);
  });

  test('a secret-looking name in the plain environment is flagged', () => {
    const stack = ruleTestStack();
    resource(stack, 'Task', 'AWS::ECS::TaskDefinition', task(['NODE_ENV', 'NEXTAUTH_SECRET']));
    expect(violations(rule, stack)).toEqual(['Task']);
  });

  test.each(['JWT_SECRET', 'DB_PASSWORD', 'API_KEY', 'STRIPE_API_KEY', 'GITHUB_TOKEN', 'AWS_ACCESS_KEY_ID', 'aws-credentials'])('%s looks secret', (name) => {
    expect(looksSecret(name)).toBe(true);
  });
  test.each(['KEY_PREFIX', 'CACHE_KEY_TTL', 'AUTH_URL', 'TOKENS_PER_MINUTE'])('%s does not', (name) => {
    expect(looksSecret(name)).toBe(false);
  });
});
