import rule from '../../../../lib/compliance/rules/ecs-deployment-rollback';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-APP-2
describe('EcsDeploymentRollback', () => {
  test('a circuit breaker with rollback complies', () => {
    const stack = ruleTestStack();
    resource(stack, 'Service', 'AWS::ECS::Service', { DeploymentConfiguration: { DeploymentCircuitBreaker: { Enable: true, Rollback: true } } });
    expect(violations(rule, stack)).toEqual([]);
  });

  test('no breaker, or a breaker without rollback, is flagged', () => {
    const stack = ruleTestStack();
    resource(stack, 'NoBreaker', 'AWS::ECS::Service', {});
    resource(stack, 'NoRollback', 'AWS::ECS::Service', { DeploymentConfiguration: { DeploymentCircuitBreaker: { Enable: true, Rollback: false } } });
    expect(violations(rule, stack).sort()).toEqual(['NoBreaker', 'NoRollback']);
  });
});
