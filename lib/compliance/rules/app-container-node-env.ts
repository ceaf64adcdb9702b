import { defineRule } from '../rule';
import { containerName, plainEnvironment, servingContainersOf } from '../template-helpers';

export default defineRule(__filename, {
  checklistIds: ['CL-APP-4'],
  info: 'A serving container (the app: it has port mappings) does not set NODE_ENV=production.',
  explanation: 'Node frameworks turn off debug output, dev-only routes and verbose errors only with NODE_ENV=production, in every environment including dev.',
  resourceTypes: ['AWS::ECS::TaskDefinition'],
  evaluate: (task) =>
    servingContainersOf(task)
      .filter((c) => plainEnvironment(c).get('NODE_ENV') !== 'production')
      .map((c) => `container ${containerName(c)}: NODE_ENV is not "production"`),
});
