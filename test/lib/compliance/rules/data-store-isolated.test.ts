import { App, aws_ec2 as ec2 } from 'aws-cdk-lib';
import rule from '../../../../lib/compliance/rules/data-store-isolated';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-NET-1
function network(app: App) {
  const stack = ruleTestStack('dev', app, 'network');
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    natGateways: 1,
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      { name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
  return { isolated: vpc.isolatedSubnets.map((s) => s.subnetId), private: vpc.privateSubnets.map((s) => s.subnetId) };
}

describe('DataStoreIsolated', () => {
  test('a database and a cache in isolated subnets of the platform VPC (another stack) comply', () => {
    const app = new App();
    const subnets = network(app);
    const data = ruleTestStack('dev', app, 'data');
    const dbSubnets = resource(data, 'DbSubnets', 'AWS::RDS::DBSubnetGroup', { DBSubnetGroupDescription: 'd', SubnetIds: subnets.isolated });
    resource(data, 'Db', 'AWS::RDS::DBInstance', { DBSubnetGroupName: dbSubnets.ref, PubliclyAccessible: false });
    const cacheSubnets = resource(data, 'CacheSubnets', 'AWS::ElastiCache::SubnetGroup', { Description: 'c', SubnetIds: subnets.isolated });
    resource(data, 'Redis', 'AWS::ElastiCache::ReplicationGroup', { CacheSubnetGroupName: cacheSubnets.ref });
    expect(violations(rule, data)).toEqual([]);
  });

  test('a database in subnets with a NAT route, a public database, or unverifiable subnets are flagged', () => {
    const app = new App();
    const subnets = network(app);
    const data = ruleTestStack('dev', app, 'data');
    const natSubnets = resource(data, 'NatSubnets', 'AWS::RDS::DBSubnetGroup', { DBSubnetGroupDescription: 'd', SubnetIds: subnets.private });
    resource(data, 'Routed', 'AWS::RDS::DBInstance', { DBSubnetGroupName: natSubnets.ref });
    const isolated = resource(data, 'Isolated', 'AWS::RDS::DBSubnetGroup', { DBSubnetGroupDescription: 'd', SubnetIds: subnets.isolated });
    resource(data, 'Public', 'AWS::RDS::DBInstance', { DBSubnetGroupName: isolated.ref, PubliclyAccessible: true });
    const foreign = resource(data, 'Foreign', 'AWS::ElastiCache::SubnetGroup', { Description: 'c', SubnetIds: ['subnet-0123456789abcdef0'] });
    resource(data, 'Redis', 'AWS::ElastiCache::ReplicationGroup', { CacheSubnetGroupName: foreign.ref });
    expect(violations(rule, data).sort()).toEqual(['Public', 'Redis', 'Routed']);
  });
});
