import { isTrue } from '../resource-graph';
import { defineRule } from '../rule';

export default defineRule(__filename, {
  checklistIds: ['CL-TLS-4'],
  info: 'The Redis replication group does not require in-transit encryption (TransitEncryptionEnabled, mode not "preferred").',
  explanation: 'Session data and credentials cross the network to Redis; "preferred" mode still accepts plain connections.',
  resourceTypes: ['AWS::ElastiCache::ReplicationGroup'],
  evaluate: (group) => {
    const problems: string[] = [];
    if (!isTrue(group.properties.TransitEncryptionEnabled)) problems.push('TransitEncryptionEnabled is not true');
    if (group.properties.TransitEncryptionMode === 'preferred') problems.push('TransitEncryptionMode is "preferred" (plain connections accepted)');
    return problems;
  },
});
