import { replicationGroupMemberIds } from '../../../lib/constructs/platform-metrics';

describe('replicationGroupMemberIds', () => {
  it('numbers the members like ElastiCache does (-001 is the first node)', () => {
    expect(replicationGroupMemberIds('platform-prod-cache', 3)).toEqual(['platform-prod-cache-001', 'platform-prod-cache-002', 'platform-prod-cache-003']);
  });

  it('refuses a node count ElastiCache cannot have', () => {
    expect(() => replicationGroupMemberIds('g', 0)).toThrow(/nodeCount must be 1/);
    expect(() => replicationGroupMemberIds('g', 7)).toThrow(/got 7/);
  });
});
