import rule from '../../../../lib/compliance/rules/container-hardened';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-APP-1
const task = (container: Record<string, unknown>) => ({ ContainerDefinitions: [{ Name: 'app', Image: 'x', ...container }] });

describe('ContainerHardened', () => {
  test('a non-root, read-only, unprivileged container complies', () => {
    const stack = ruleTestStack();
    resource(stack, 'Task', 'AWS::ECS::TaskDefinition', task({ User: '1000:1000', ReadonlyRootFilesystem: true, Privileged: false }));
    expect(violations(rule, stack)).toEqual([]);
  });

  test('no user, user 0, a writable root filesystem or privilege is flagged', () => {
    const stack = ruleTestStack();
    resource(stack, 'NoUser', 'AWS::ECS::TaskDefinition', task({ ReadonlyRootFilesystem: true }));
    resource(stack, 'Root', 'AWS::ECS::TaskDefinition', task({ User: '0:0', ReadonlyRootFilesystem: true }));
    resource(stack, 'Writable', 'AWS::ECS::TaskDefinition', task({ User: 'node' }));
    resource(stack, 'Privileged', 'AWS::ECS::TaskDefinition', task({ User: 'node', ReadonlyRootFilesystem: true, Privileged: true }));
    expect(violations(rule, stack).sort()).toEqual(['NoUser', 'Privileged', 'Root', 'Writable']);
  });
});
