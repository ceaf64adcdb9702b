import rule from '../../../../lib/compliance/rules/app-container-node-env';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-APP-4
const serving = (env: Record<string, string>) => ({
  Name: 'app',
  Image: 'x',
  PortMappings: [{ ContainerPort: 3000 }],
  Environment: Object.entries(env).map(([Name, Value]) => ({ Name, Value })),
});

describe('AppContainerNodeEnv', () => {
  test('the app container with NODE_ENV=production complies', () => {
    const stack = ruleTestStack('dev');
    resource(stack, 'Task', 'AWS::ECS::TaskDefinition', { ContainerDefinitions: [serving({ NODE_ENV: 'production' }), { Name: 'migrate', Image: 'x' }] });
    expect(violations(rule, stack)).toEqual([]);
  });

  test('NODE_ENV missing or "development" is flagged', () => {
    const stack = ruleTestStack('dev');
    resource(stack, 'Missing', 'AWS::ECS::TaskDefinition', { ContainerDefinitions: [serving({})] });
    resource(stack, 'Dev', 'AWS::ECS::TaskDefinition', { ContainerDefinitions: [serving({ NODE_ENV: 'development' })] });
    expect(violations(rule, stack).sort()).toEqual(['Dev', 'Missing']);
  });
});
