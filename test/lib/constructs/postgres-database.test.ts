import { Template } from 'aws-cdk-lib/assertions';
import { PostgresDatabase } from '../../../lib/constructs/postgres-database';
import { configOf, dataFixture, idsOf } from '../../support/data-fixture';
import type { EnvironmentConfig } from '../../../config';

function build(config: EnvironmentConfig) {
  const { stack, keys, network } = dataFixture(config);
  const db = new PostgresDatabase(stack, 'Postgres', { config, vpc: network.vpc, keys });
  return { db, template: Template.fromStack(stack) };
}

describe('PostgresDatabase', () => {
  it('takes engine version, port, names and sizes from config', () => {
    const { db, template } = build(
      configOf('dev', (c) => {
        c.database.engineVersion = '16.6';
        c.database.port = 6543;
        c.database.masterUsername = 'ops_owner';
        c.database.databaseName = 'shop';
        c.database.instanceClass = 'db.r7g.xlarge';
        c.database.allocatedStorageGiB = 200;
        c.database.maxAllocatedStorageGiB = 800;
        c.database.monitoringIntervalSeconds = 15;
      }),
    );
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      EngineVersion: '16.6',
      Port: '6543',
      MasterUsername: 'ops_owner',
      DBName: 'shop',
      DBInstanceClass: 'db.r7g.xlarge',
      AllocatedStorage: '200',
      MaxAllocatedStorage: 800,
      MonitoringInterval: 15,
    });
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Family: 'postgres16' });
    expect(db.port).toBe(6543);
    expect(db.databaseName).toBe('shop');
  });

  it('names the log groups after the explicit instance identifier, so RDS writes into the encrypted ones', () => {
    const { db, template } = build(configOf('staging'));
    expect(db.instanceIdentifier).toBe('platform-staging-postgres');
    template.hasResourceProperties('AWS::RDS::DBInstance', { DBInstanceIdentifier: 'platform-staging-postgres' });
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/rds/instance/platform-staging-postgres/postgresql', RetentionInDays: 30 });
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/rds/instance/platform-staging-postgres/upgrade', RetentionInDays: 30 });
  });

  it('takes a final snapshot under removalPolicy snapshot and retains the master secret', () => {
    const { template } = build(configOf('staging'));
    template.hasResource('AWS::RDS::DBInstance', { DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' });
    template.allResources('AWS::SecretsManager::Secret', { DeletionPolicy: 'RetainExceptOnCreate' });
  });

  it('creates its security group without any rule, in or out', () => {
    const { template } = build(configOf('prod'));
    const [sg] = idsOf(template, 'AWS::EC2::SecurityGroup').filter((id) => id.startsWith('Postgres'));
    const props = template.toJSON().Resources[sg].Properties;
    expect(props.SecurityGroupIngress).toBeUndefined();
    // allowAllOutbound: false renders a deny-all placeholder egress rule.
    expect(props.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32' })]);
  });
});
