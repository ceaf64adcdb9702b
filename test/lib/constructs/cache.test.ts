import { Template } from 'aws-cdk-lib/assertions';
import type { EnvironmentConfig } from '../../../config';
import { CACHE_APP_ACCESS_STRING, CACHE_DEFAULT_ACCESS_STRING, Cache } from '../../../lib/constructs/cache';
import { configOf, dataFixture } from '../../support/data-fixture';

function build(config: EnvironmentConfig) {
  const { stack, keys, network } = dataFixture(config);
  const cache = new Cache(stack, 'Cache', { config, vpc: network.vpc, keys });
  return { stack, cache, template: Template.fromStack(stack) };
}

describe('Cache', () => {
  it('turns on automatic failover and Multi-AZ exactly when there is a replica', () => {
    for (const [replicas, on] of [[0, false], [1, true], [3, true]] as const) {
      const { template } = build(configOf('dev', (c) => (c.cache.replicas = replicas)));
      template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
        NumCacheClusters: replicas + 1,
        AutomaticFailoverEnabled: on,
        MultiAZEnabled: on,
      });
    }
  });

  it('runs Valkey when configured, keeping RBAC users on engine "redis" as ElastiCache documents', () => {
    const { template } = build(configOf('dev', (c) => Object.assign(c.cache, { engine: 'valkey', engineVersion: '8.0' })));
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { Engine: 'valkey', EngineVersion: '8.0' });
    template.allResourcesProperties('AWS::ElastiCache::User', { Engine: 'redis' });
    template.hasResourceProperties('AWS::ElastiCache::UserGroup', { Engine: 'redis' });
  });

  it('disables the default user and denies the app user the dangerous command category', () => {
    expect(CACHE_DEFAULT_ACCESS_STRING.split(' ')[0]).toBe('off');
    expect(CACHE_DEFAULT_ACCESS_STRING).toContain('-@all');
    expect(CACHE_APP_ACCESS_STRING.split(' ')).toEqual(['on', '~*', '+@all', '-@dangerous']);
  });

  it('takes port, snapshot and maintenance windows, log retention and rotation period from config', () => {
    const { template } = build(
      configOf('staging', (c) => {
        Object.assign(c.cache, { port: 7000, snapshotRetentionDays: 5, snapshotWindow: '01:00-02:00', maintenanceWindow: 'sat:03:00-sat:04:00', logRetentionDays: 60, passwordRotationDays: 45 });
      }),
    );
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      Port: 7000,
      SnapshotRetentionLimit: 5,
      SnapshotWindow: '01:00-02:00',
      PreferredMaintenanceWindow: 'sat:03:00-sat:04:00',
    });
    const groups = Object.entries(template.findResources('AWS::Logs::LogGroup')).filter(([id]) => id.startsWith('Cache'));
    expect(groups.length).toBe(3); // slow log, engine log, rotation function
    for (const [, g] of groups) expect(g.Properties.RetentionInDays).toBe(60);
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', { RotationRules: { ScheduleExpression: 'rate(45 days)' } });
  });

  it('lets the rotation function AUTH on the cache port (admitted by security group) and reach AWS APIs over HTTPS, nothing else', () => {
    const { stack, cache, template } = build(configOf('prod', (c) => (c.cache.port = 6380)));
    const resources = template.toJSON().Resources;
    const cacheSg = stack.getLogicalId(cache.securityGroup.node.defaultChild as never);
    const fnSgs = cache.rotationFunction.connections.securityGroups.map((g) => stack.getLogicalId(g.node.defaultChild as never));
    expect(fnSgs).toHaveLength(1);
    const rules = (type: string, group: string) =>
      Object.values(resources).filter((r: any) => r.Type === type && r.Properties.GroupId['Fn::GetAtt']?.[0] === group).map((r: any) => r.Properties);
    expect(rules('AWS::EC2::SecurityGroupIngress', cacheSg)).toEqual([
      expect.objectContaining({ SourceSecurityGroupId: { 'Fn::GetAtt': [fnSgs[0], 'GroupId'] }, FromPort: 6380, ToPort: 6380, IpProtocol: 'tcp' }),
    ]);
    expect(rules('AWS::EC2::SecurityGroupEgress', fnSgs[0])).toEqual([
      expect.objectContaining({ DestinationSecurityGroupId: { 'Fn::GetAtt': [cacheSg, 'GroupId'] }, FromPort: 6380, ToPort: 6380 }),
    ]);
    expect(resources[fnSgs[0]].Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443 })]);
    const fnId = stack.getLogicalId(cache.rotationFunction.node.defaultChild as never);
    expect(resources[fnId].Properties.Environment.Variables).toMatchObject({
      REDIS_ENDPOINT: { 'Fn::GetAtt': [stack.getLogicalId(cache.replicationGroup), 'PrimaryEndPoint.Address'] },
      REDIS_PORT: '6380',
    });
  });

  it('rotates the password only once the user group and the replication group exist', () => {
    const { stack, cache, template } = build(configOf('prod'));
    const [schedule] = Object.values(template.findResources('AWS::SecretsManager::RotationSchedule'));
    expect(schedule!.DependsOn).toEqual(expect.arrayContaining([stack.getLogicalId(cache.userGroup), stack.getLogicalId(cache.replicationGroup)]));
  });

  it('never puts the app password in the template, only a dynamic reference', () => {
    const { template } = build(configOf('prod'));
    const json = JSON.stringify(template.toJSON());
    const [user] = Object.values(template.findResources('AWS::ElastiCache::User', { Properties: { UserName: 'app' } }));
    expect(JSON.stringify(user.Properties.Passwords)).toMatch(/^\[\{"Fn::Join":\["",\["\{\{resolve:secretsmanager:",\{"Ref":"CacheAppUserSecret[0-9A-F]+"\},":SecretString:password::\}\}"\]\]\}\]$/);
    expect(json).not.toMatch(/"Passwords":\["[^{]/);
  });
});
