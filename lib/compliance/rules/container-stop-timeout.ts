import { literalNumber } from '../resource-graph';
import { defineRule } from '../rule';
import { containerName, servingContainersOf } from '../template-helpers';

export default defineRule(__filename, {
  checklistIds: ['CL-APP-3'],
  info: 'A serving container (one with port mappings) has no StopTimeout.',
  explanation: 'On SIGTERM the app drains in-flight requests; StopTimeout gives it that time before SIGKILL.',
  resourceTypes: ['AWS::ECS::TaskDefinition'],
  evaluate: (task) =>
    servingContainersOf(task)
      .filter((c) => !((literalNumber(c.StopTimeout) ?? 0) > 0))
      .map((c) => `container ${containerName(c)}: StopTimeout is not set`),
});
