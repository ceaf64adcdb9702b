import { isProdLike, isTrue, literalNumber } from '../resource-graph';
import { defineRule } from '../rule';

export default defineRule(__filename, {
  checklistIds: ['CL-RED-2'],
  info: 'The Redis replication group keeps no snapshots, or (prod) has no automatic failover and Multi-AZ.',
  explanation: 'Snapshots let the cache be rebuilt after corruption; in prod a replica in another AZ takes over automatically. Dev may run a single node.',
  resourceTypes: ['AWS::ElastiCache::ReplicationGroup'],
  evaluate: (group) => {
    const problems: string[] = [];
    if (!((literalNumber(group.properties.SnapshotRetentionLimit) ?? 0) >= 1)) problems.push('SnapshotRetentionLimit < 1');
    if (isProdLike(group)) {
      if (!isTrue(group.properties.AutomaticFailoverEnabled)) problems.push('AutomaticFailoverEnabled is not true (prod)');
      if (!isTrue(group.properties.MultiAZEnabled)) problems.push('MultiAZEnabled is not true (prod)');
    }
    return problems;
  },
});
