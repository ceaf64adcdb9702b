import { DescribeReplicationGroupsCommand, DescribeUserGroupsCommand, DescribeUsersCommand } from '@aws-sdk/client-elasticache';
import { checkCache } from '../../../../lib/verify/checks/cache';
import { NAMES, NOW, liveEnvironment, prodInventory } from '../fixture';

type Mocks = ReturnType<typeof liveEnvironment>['mocks'];
const group = (change: Record<string, unknown>) => (m: Mocks) =>
  m.elastiCache.on(DescribeReplicationGroupsCommand).resolves({
    ReplicationGroups: [{ ReplicationGroupId: NAMES.cache, TransitEncryptionEnabled: true, TransitEncryptionMode: 'required', UserGroupIds: ['platform-prod-users'], SnapshotRetentionLimit: 7, AutomaticFailover: 'enabled', MultiAZ: 'enabled', ...change }],
  });
const users = (Users: { UserId: string; UserName: string; AccessString: string }[]) => (m: Mocks) => m.elastiCache.on(DescribeUsersCommand).resolves({ Users });

async function cache(setup: (m: Mocks) => void = () => undefined, prod = true) {
  const { clients, mocks } = liveEnvironment();
  setup(mocks);
  return Object.fromEntries((await checkCache(clients.elastiCache, await prodInventory(clients), prod, NOW)).map((r) => [r.id, r]));
}

describe('Redis as deployed', () => {
  it('passes TLS required, RBAC with the default user off and -@dangerous, snapshots and failover', async () => {
    const results = await cache();
    expect(Object.values(results).map((r) => [r.id, r.status])).toEqual([['CL-TLS-4', 'PASS'], ['CL-RED-1', 'PASS'], ['CL-RED-2', 'PASS']]);
    expect(results['CL-RED-1'].evidence).toBe('RBAC user group platform-prod-users: default user off; app: on ~* +@all -@dangerous');
  });

  it('reads every page of users', async () => {
    const results = await cache((m) =>
      m.elastiCache
        .on(DescribeUsersCommand)
        .resolvesOnce({ Users: [{ UserId: 'platform-prod-default', UserName: 'default', AccessString: 'off -@all' }], Marker: 'm' })
        .resolves({ Users: [{ UserId: 'platform-prod-app', UserName: 'app', AccessString: 'on ~* +@all -@dangerous' }] }),
    );
    expect(results['CL-RED-1'].status).toBe('PASS');
  });

  it.each([
    ['encryption off', { TransitEncryptionEnabled: false }],
    ['mode preferred', { TransitEncryptionMode: 'preferred' }],
  ])('fails CL-TLS-4 with %s', async (_label, change) => {
    expect((await cache(group(change)))['CL-TLS-4']).toMatchObject({ status: 'FAIL', evidence: expect.stringMatching(/plain connections are accepted/) });
  });

  it.each([
    ['no user group', group({ UserGroupIds: [] }), /no RBAC user group is attached/],
    ['the default user enabled', users([{ UserId: 'platform-prod-default', UserName: 'default', AccessString: 'on ~* +@all' }, { UserId: 'platform-prod-app', UserName: 'app', AccessString: 'on ~* +@all -@dangerous' }]), /default user platform-prod-default is enabled/],
    ['dangerous commands allowed', users([{ UserId: 'platform-prod-default', UserName: 'default', AccessString: 'off -@all' }, { UserId: 'platform-prod-app', UserName: 'app', AccessString: 'on ~* +@all' }]), /user platform-prod-app does not deny -@dangerous/],
    ['no default user in the group', (m: Mocks) => m.elastiCache.on(DescribeUserGroupsCommand).resolves({ UserGroups: [{ UserGroupId: 'platform-prod-users', UserIds: ['platform-prod-app'] }] }), /no user named "default"/],
  ])('fails CL-RED-1 with %s', async (_label, setup, evidence) => {
    expect((await cache(setup))['CL-RED-1']).toMatchObject({ status: 'FAIL', evidence: expect.stringMatching(evidence) });
  });

  it('fails CL-RED-2 without snapshots anywhere, and without failover or Multi-AZ in prod only', async () => {
    expect((await cache(group({ SnapshotRetentionLimit: 0 }), false))['CL-RED-2']).toMatchObject({ status: 'FAIL', evidence: 'no snapshots kept (SnapshotRetentionLimit 0)' });
    const single = group({ AutomaticFailover: 'disabled', MultiAZ: 'disabled' });
    expect((await cache(single, true))['CL-RED-2']).toMatchObject({ status: 'FAIL', evidence: 'automatic failover disabled (prod); Multi-AZ disabled (prod)' });
    expect((await cache(single, false))['CL-RED-2'].status).toBe('PASS');
  });
});
