import { ResourceGraph, ResourceView, asArray, at, isTrue } from '../resource-graph';
import { defineRule } from '../rule';

const SUBNET_GROUP: Record<string, { property: string; groupType: string }> = {
  'AWS::RDS::DBInstance': { property: 'DBSubnetGroupName', groupType: 'AWS::RDS::DBSubnetGroup' },
  'AWS::ElastiCache::ReplicationGroup': { property: 'CacheSubnetGroupName', groupType: 'AWS::ElastiCache::SubnetGroup' },
};

/** Problems of one subnet: a public IP on launch, or a default route (to an internet or NAT gateway). */
function subnetProblems(subnet: ResourceView, graph: ResourceGraph): string[] {
  const problems: string[] = [];
  if (isTrue(subnet.properties.MapPublicIpOnLaunch)) problems.push(`subnet ${subnet.logicalId} maps public IPs`);
  const tables = graph
    .ofType('AWS::EC2::SubnetRouteTableAssociation')
    .filter((a) => graph.refersTo(a, subnet, (p) => p.SubnetId))
    .flatMap((a) => graph.ofType('AWS::EC2::RouteTable').filter((t) => graph.refersTo(a, t, (p) => p.RouteTableId)));
  for (const table of tables) {
    const defaults = graph
      .ofType('AWS::EC2::Route')
      .filter((r) => graph.refersTo(r, table, (p) => p.RouteTableId))
      .filter((r) => r.properties.DestinationCidrBlock === '0.0.0.0/0' || r.properties.DestinationIpv6CidrBlock === '::/0');
    if (defaults.length) problems.push(`subnet ${subnet.logicalId} has a default route (${defaults.map((r) => r.logicalId).join(', ')})`);
  }
  return problems;
}

export default defineRule(__filename, {
  checklistIds: ['CL-NET-1'],
  info: 'The database or cache is publicly accessible or sits in subnets with a route to the internet (or subnets that cannot be verified).',
  explanation: 'Data stores live in isolated subnets with no route out and no public address; only security-group-admitted clients inside the VPC reach them.',
  resourceTypes: Object.keys(SUBNET_GROUP),
  evaluate: (store, graph) => {
    const problems: string[] = [];
    if (isTrue(store.properties.PubliclyAccessible)) problems.push('PubliclyAccessible is true');
    const { property, groupType } = SUBNET_GROUP[store.type];
    if (store.type === 'AWS::RDS::DBInstance' && store.properties.SourceDBInstanceIdentifier !== undefined) return problems;
    const group = graph.ofType(groupType).find((g) => graph.refersTo(store, g, (p) => p[property]));
    if (!group) return [...problems, `${property} does not reference a subnet group in the templates`];
    const listed = asArray(at(group.properties, 'SubnetIds'));
    const subnets = graph.ofType('AWS::EC2::Subnet').filter((s) => graph.refersTo(group, s, (p) => p.SubnetIds));
    if (subnets.length < listed.length) problems.push(`${listed.length - subnets.length} subnet(s) of ${group.logicalId} are not in the templates and cannot be verified`);
    return [...problems, ...subnets.flatMap((s) => subnetProblems(s, graph))];
  },
});
