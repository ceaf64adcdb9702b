import { Template } from 'aws-cdk-lib/assertions';
import { DatabaseProxy, PROXY_PORT } from '../../../lib/constructs/database-proxy';
import { configOf, databaseWithUsers } from '../../support/data-fixture';

describe('DatabaseProxy', () => {
  const config = configOf('staging', (c) => {
    c.database.proxy = { maxConnectionsPercent: 60, maxIdleConnectionsPercent: 10, borrowTimeoutSeconds: 30 };
    c.database.port = 6543;
  });
  const { stack, network, db, users } = databaseWithUsers(config);
  const proxy = new DatabaseProxy(stack, 'Proxy', {
    config,
    vpc: network.vpc,
    instance: db.instance,
    secrets: [users.secrets.app, users.secrets.sessionCleanup, users.secrets.migrator],
  });
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources;
  const proxySg = stack.getLogicalId(proxy.securityGroup.node.defaultChild as never);
  const dbSg = stack.getLogicalId(db.securityGroup.node.defaultChild as never);

  it('uses the configured pool limits', () => {
    template.hasResourceProperties('AWS::RDS::DBProxyTargetGroup', {
      ConnectionPoolConfigurationInfo: { MaxConnectionsPercent: 60, MaxIdleConnectionsPercent: 10, ConnectionBorrowTimeout: 30 },
    });
  });

  it('requires TLS, and IAM authentication for every registered secret', () => {
    const [props] = Object.values(template.findResources('AWS::RDS::DBProxy')).map((r) => r.Properties);
    expect(props.RequireTLS).toBe(true);
    expect(props.Auth.map((a: { IAMAuth: string }) => a.IAMAuth)).toEqual(['REQUIRED', 'REQUIRED', 'REQUIRED']);
  });

  it('reaches the database on the instance port, and the database admits the proxy on it', () => {
    const toDb = Object.values(resources).filter(
      (r: any) => r.Type === 'AWS::EC2::SecurityGroupEgress' && r.Properties.GroupId['Fn::GetAtt'][0] === proxySg,
    ) as any[];
    expect(toDb).toHaveLength(1);
    expect(toDb[0].Properties.DestinationSecurityGroupId).toEqual({ 'Fn::GetAtt': [dbSg, 'GroupId'] });
    const fromProxy = Object.values(resources).filter(
      (r: any) => r.Type === 'AWS::EC2::SecurityGroupIngress' && r.Properties.SourceSecurityGroupId?.['Fn::GetAtt']?.[0] === proxySg,
    ) as any[];
    expect(fromProxy).toHaveLength(1);
    expect(fromProxy[0].Properties.GroupId).toEqual({ 'Fn::GetAtt': [dbSg, 'GroupId'] });
    expect(JSON.stringify(fromProxy[0].Properties.FromPort)).toContain('Endpoint.Port');
    expect(resources[proxySg].Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443 })]);
  });

  it('lets the proxy read exactly the registered secrets', () => {
    const roleId = stack.getLogicalId(proxy.proxy.node.findChild('IAMRole').node.defaultChild as never);
    const statements = Object.values(resources)
      .filter((r: any) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: { Ref: string }) => x.Ref === roleId))
      .flatMap((r: any) => r.Properties.PolicyDocument.Statement);
    const read = statements.filter((s: any) => [s.Action].flat().includes('secretsmanager:GetSecretValue'));
    const refs = read.flatMap((s: any) => [s.Resource].flat().map((x: { Ref: string }) => x.Ref)).sort();
    expect(refs).toEqual(
      [users.secrets.app, users.secrets.sessionCleanup, users.secrets.migrator].map((s) => stack.getLogicalId(s.node.defaultChild as never)).sort(),
    );
  });

  it('listens on PostgreSQL default port whatever the instance port', () => {
    expect(PROXY_PORT).toBe(5432);
  });
});
