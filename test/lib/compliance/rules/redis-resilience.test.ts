import rule from '../../../../lib/compliance/rules/redis-resilience';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-RED-2
describe('RedisResilience', () => {
  test('prod with failover, Multi-AZ and snapshots complies; dev needs only snapshots', () => {
    const prod = ruleTestStack('prod');
    resource(prod, 'Redis', 'AWS::ElastiCache::ReplicationGroup', { AutomaticFailoverEnabled: true, MultiAZEnabled: true, SnapshotRetentionLimit: 7 });
    const dev = ruleTestStack('dev');
    resource(dev, 'Redis', 'AWS::ElastiCache::ReplicationGroup', { SnapshotRetentionLimit: 1 });
    expect(violations(rule, prod)).toEqual([]);
    expect(violations(rule, dev)).toEqual([]);
  });

  test('prod without Multi-AZ, or any environment without snapshots, is flagged', () => {
    const prod = ruleTestStack('prod');
    resource(prod, 'SingleAz', 'AWS::ElastiCache::ReplicationGroup', { AutomaticFailoverEnabled: true, SnapshotRetentionLimit: 7 });
    const dev = ruleTestStack('dev');
    resource(dev, 'NoSnapshots', 'AWS::ElastiCache::ReplicationGroup', { SnapshotRetentionLimit: 0 });
    expect(violations(rule, prod)).toEqual(['SingleAz']);
    expect(violations(rule, dev)).toEqual(['NoSnapshots']);
  });
});
