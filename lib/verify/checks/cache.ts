// Redis as deployed: in-transit encryption required (CL-TLS-4), RBAC with the default user off and dangerous
// commands denied to the others (CL-RED-1), snapshots kept and, in prod, automatic failover across zones (CL-RED-2).
import { DescribeReplicationGroupsCommand, DescribeUserGroupsCommand, DescribeUsersCommand, ElastiCacheClient, User } from '@aws-sdk/client-elasticache';
import { Inventory, LOOKUPS } from '../inventory';
import { VerifyResult, fail, pass } from '../result';

const REDEPLOY = 'redeploy the data stack (someone changed the cache by hand)';

async function users(client: ElastiCacheClient): Promise<User[]> {
  const all: User[] = [];
  let Marker: string | undefined;
  do {
    const page = await client.send(new DescribeUsersCommand({ Marker }));
    all.push(...(page.Users ?? []));
    Marker = page.Marker;
  } while (Marker);
  return all;
}

export async function checkCache(client: ElastiCacheClient, inventory: Inventory, prod: boolean, now: Date): Promise<VerifyResult[]> {
  const cache = inventory.one(LOOKUPS.cache);
  if (!cache) return ['CL-TLS-4', 'CL-RED-1', 'CL-RED-2'].map((id) => fail(id, 'Redis', inventory.absence(LOOKUPS.cache), now, 'deploy the data stack'));
  const id = cache.physicalId;
  const { ReplicationGroups = [] } = await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }));
  const group = ReplicationGroups[0];
  const results: VerifyResult[] = [];

  const tls = group?.TransitEncryptionEnabled === true && group.TransitEncryptionMode !== 'preferred';
  results.push(
    tls
      ? pass('CL-TLS-4', `Redis ${id} in transit`, `TransitEncryptionEnabled, mode ${group.TransitEncryptionMode ?? 'required'}`, now)
      : fail('CL-TLS-4', `Redis ${id} in transit`, `TransitEncryptionEnabled ${String(group?.TransitEncryptionEnabled)}, mode ${group?.TransitEncryptionMode ?? 'unset'}: plain connections are accepted`, now, REDEPLOY),
  );

  const groupIds = group?.UserGroupIds ?? [];
  const rbac: string[] = [];
  const facts: string[] = [];
  if (groupIds.length === 0) rbac.push('no RBAC user group is attached');
  if (groupIds.length > 0) {
    const [described, known] = await Promise.all([Promise.all(groupIds.map((g) => client.send(new DescribeUserGroupsCommand({ UserGroupId: g })))), users(client)]);
    const UserGroups = described.flatMap((d) => d.UserGroups ?? []);
    for (const userGroup of UserGroups) {
      const members = (userGroup.UserIds ?? []).map((u) => known.find((k) => k.UserId === u) ?? { UserId: u });
      const defaults = members.filter((u) => u.UserName === 'default');
      if (defaults.length === 0) rbac.push(`user group ${userGroup.UserGroupId}: no user named "default", so the built-in default user stays enabled`);
      for (const u of defaults) if (!(u.AccessString ?? '').trim().startsWith('off')) rbac.push(`default user ${u.UserId} is enabled ("${u.AccessString}")`);
      for (const u of members.filter((m) => m.UserName !== 'default')) {
        if (!(u.AccessString ?? '').split(/\s+/).includes('-@dangerous')) rbac.push(`user ${u.UserId} does not deny -@dangerous ("${u.AccessString ?? 'unknown'}")`);
        else facts.push(`${u.UserName ?? u.UserId}: ${u.AccessString}`);
      }
    }
  }
  results.push(
    rbac.length
      ? fail('CL-RED-1', `Redis ${id} users`, rbac.join('; '), now, REDEPLOY)
      : pass('CL-RED-1', `Redis ${id} users`, `RBAC user group ${groupIds.join(', ')}: default user off; ${facts.join('; ')}`, now),
  );

  const resilience = [
    (group?.SnapshotRetentionLimit ?? 0) < 1 ? 'no snapshots kept (SnapshotRetentionLimit 0)' : '',
    prod && group?.AutomaticFailover !== 'enabled' ? `automatic failover ${group?.AutomaticFailover ?? 'unknown'} (prod)` : '',
    prod && group?.MultiAZ !== 'enabled' ? `Multi-AZ ${group?.MultiAZ ?? 'unknown'} (prod)` : '',
  ].filter(Boolean);
  results.push(
    resilience.length
      ? fail('CL-RED-2', `Redis ${id} resilience`, resilience.join('; '), now, REDEPLOY)
      : pass('CL-RED-2', `Redis ${id} resilience`, `snapshots kept ${group?.SnapshotRetentionLimit} day(s), automatic failover ${group?.AutomaticFailover}, Multi-AZ ${group?.MultiAZ}, ${group?.MemberClusters?.length ?? 0} node(s)`, now),
  );
  return results;
}
