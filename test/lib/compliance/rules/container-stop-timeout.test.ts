import rule from '../../../../lib/compliance/rules/container-stop-timeout';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-APP-3
const serving = (extra: Record<string, unknown>) => ({ Name: 'app', Image: 'x', PortMappings: [{ ContainerPort: 3000 }], ...extra });

describe('ContainerStopTimeout', () => {
  test('a serving container with a stop timeout complies; a sidecar without ports is not checked', () => {
    const stack = ruleTestStack();
    resource(stack, 'Task', 'AWS::ECS::TaskDefinition', { ContainerDefinitions: [serving({ StopTimeout: 30 }), { Name: 'sidecar', Image: 'y' }] });
    expect(violations(rule, stack)).toEqual([]);
  });

  test('a serving container without a stop timeout is flagged', () => {
    const stack = ruleTestStack();
    resource(stack, 'Task', 'AWS::ECS::TaskDefinition', { ContainerDefinitions: [serving({})] });
    expect(violations(rule, stack)).toEqual(['Task']);
  });
});
