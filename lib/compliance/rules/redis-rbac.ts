import { ResourceView, asArray, literalString } from '../resource-graph';
import { defineRule } from '../rule';

/** Members of a list property, matched by reference or by their literal ID property. */
function members(from: ResourceView, list: string, candidates: ResourceView[], idProperty: string, refersTo: (c: ResourceView) => boolean): ResourceView[] {
  const literals: unknown[] = asArray(from.properties[list]).filter((v) => typeof v === 'string');
  return candidates.filter((c) => refersTo(c) || literals.includes(c.properties[idProperty]));
}

export default defineRule(__filename, {
  checklistIds: ['CL-RED-1'],
  info: 'The Redis replication group has no RBAC user group with the default user disabled, or an app user does not deny -@dangerous.',
  explanation: 'Clients authenticate as a named user; the `default` user (no password in many clients) is switched off and dangerous commands (FLUSHALL, CONFIG, KEYS...) are denied.',
  resourceTypes: ['AWS::ElastiCache::ReplicationGroup'],
  evaluate: (group, graph) => {
    const userGroups = members(group, 'UserGroupIds', graph.ofType('AWS::ElastiCache::UserGroup'), 'UserGroupId', (g) =>
      graph.refersTo(group, g, (p) => p.UserGroupIds),
    );
    if (userGroups.length === 0) return ['no AWS::ElastiCache::UserGroup of the templates is attached (UserGroupIds)'];
    const allUsers = graph.ofType('AWS::ElastiCache::User');
    return userGroups.flatMap((userGroup) => {
      const users = members(userGroup, 'UserIds', allUsers, 'UserId', (u) => graph.refersTo(userGroup, u, (p) => p.UserIds));
      const problems: string[] = [];
      const listed = asArray(userGroup.properties.UserIds).length;
      if (users.length < listed) problems.push(`user group ${userGroup.logicalId}: ${listed - users.length} user(s) not found in the templates`);
      const isDefault = (u: ResourceView) => literalString(u.properties.UserName) === 'default';
      const defaults = users.filter(isDefault);
      if (defaults.length === 0) problems.push(`user group ${userGroup.logicalId}: no user named "default" (the built-in default user stays enabled)`);
      for (const user of defaults) {
        if (!(literalString(user.properties.AccessString) ?? '').trim().startsWith('off')) problems.push(`default user ${user.logicalId} is not disabled (access string must start with "off")`);
      }
      for (const user of users.filter((u) => !isDefault(u))) {
        if (!(literalString(user.properties.AccessString) ?? '').split(/\s+/).includes('-@dangerous')) problems.push(`user ${user.logicalId} does not deny -@dangerous`);
      }
      return problems;
    });
  },
});
