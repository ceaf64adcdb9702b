import rule from '../../../../lib/compliance/rules/redis-transit-encryption';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-TLS-4
describe('RedisTransitEncryption', () => {
  test('required in-transit encryption complies', () => {
    const stack = ruleTestStack();
    resource(stack, 'Redis', 'AWS::ElastiCache::ReplicationGroup', { TransitEncryptionEnabled: true, TransitEncryptionMode: 'required' });
    expect(violations(rule, stack)).toEqual([]);
  });

  test('no transit encryption, or "preferred" mode, is flagged', () => {
    const stack = ruleTestStack();
    resource(stack, 'Plain', 'AWS::ElastiCache::ReplicationGroup', {});
    resource(stack, 'Preferred', 'AWS::ElastiCache::ReplicationGroup', { TransitEncryptionEnabled: true, TransitEncryptionMode: 'preferred' });
    expect(violations(rule, stack).sort()).toEqual(['Plain', 'Preferred']);
  });
});
