import { isTrue, literalString } from '../resource-graph';
import { defineRule } from '../rule';
import { containerName, containersOf } from '../template-helpers';

export function isRootUser(user: string): boolean {
  const name = user.split(':')[0].trim();
  return name === '' || name === 'root' || name === '0';
}

export default defineRule(__filename, {
  checklistIds: ['CL-APP-1'],
  info: 'A container runs as root (User unset, root or 0), has a writable root filesystem, or is privileged.',
  explanation: 'A compromised process that is not root, cannot write its image and has no privilege has far less to work with.',
  resourceTypes: ['AWS::ECS::TaskDefinition'],
  evaluate: (task) =>
    containersOf(task).flatMap((c) => {
      const name = containerName(c);
      const problems: string[] = [];
      const user = literalString(c.User);
      if (user === undefined || isRootUser(user)) problems.push(`container ${name}: User ${user ?? '(unset)'} is root`);
      if (!isTrue(c.ReadonlyRootFilesystem)) problems.push(`container ${name}: ReadonlyRootFilesystem is not true`);
      if (c.Privileged !== undefined && c.Privileged !== false && c.Privileged !== 'false') problems.push(`container ${name}: Privileged is set`);
      return problems;
    }),
});
