import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildServiceFixture, serviceFixture, nagFindings } from '../support/service-fixture';

describe.each(['dev', 'prod'] as const)('ServiceStack (%s)', (env) => {
  const fixture = serviceFixture(env);
  // Synthesizing resolves the cross-stack references into stack dependencies.
  const template = Template.fromStack(fixture.service);

  test('AwsSolutions and the platform pack report no unacknowledged finding', () => {
    expect(nagFindings(fixture.service)).toEqual([]);
  });

  test('is a stateless stack named platform-<env>-service', () => {
    expect(fixture.service.stackName).toBe(`platform-${env}-service`);
    expect(fixture.service.terminationProtection).toBe(false);
  });

  test('depends on keys, network and the data tier, and none of them on it (no cycles, CL-DEL-1)', () => {
    const dependencies = fixture.service.dependencies.map((s) => s.node.id).sort();
    expect(dependencies).toEqual(['data-fixture', 'keys', 'network']);
    for (const other of [fixture.keys, fixture.data]) expect(other.dependencies.map((s) => s.node.id)).not.toContain('service');
    // Key policies stay untouched by the service: grants are on the service's roles.
    const keyPolicies = JSON.stringify(Template.fromStack(fixture.keys).findResources('AWS::KMS::Key'));
    expect(keyPolicies).not.toContain('service');
  });

  test('exposes what observability needs', () => {
    const { service } = fixture;
    expect(service.loadBalancer.loadBalancer.loadBalancerFullName).toBeDefined();
    expect(service.loadBalancer.targetGroup.targetGroupFullName).toBeDefined();
    expect(service.web.service.serviceName).toBeDefined();
    expect(service.web.cluster.clusterName).toBeDefined();
    expect(service.waf.webAclName).toBe(`platform-${env}-web`);
    expect(Object.keys(service.waf.ruleMetricNames)).toEqual(
      expect.arrayContaining(['AuthPathsRateLimit', 'GeneralRateLimit', 'BodySizeLimit', 'AWSManagedRulesCommonRuleSet']),
    );
  });

  test('no secret value and no secret-looking plain variable anywhere in the template (CL-SEC-3)', () => {
    const text = JSON.stringify(template.toJSON());
    expect(text).not.toMatch(/SecretString|"Password"|resolve:secretsmanager/);
  });
});

test('outputs the ALB DNS name', () => {
  const template = Template.fromStack(serviceFixture('dev').service);
  template.hasOutput('LoadBalancerDnsName', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LoadBalancer'), 'DNSName'] } });
});

test('the database users the task role may connect as can be overridden', () => {
  const template = Template.fromStack(buildServiceFixture('dev', { iamUsers: ['web'] }).service);
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as { Properties: Record<string, any> }[];
  const taskPolicy = policies.find((p) => JSON.stringify(p.Properties.Roles).includes('TaskRole'))!;
  const resources = taskPolicy.Properties.PolicyDocument.Statement.map((s: { Resource: unknown }) => JSON.stringify(s.Resource));
  expect(resources).toEqual([expect.stringContaining(':dbuser:prx-0123456789abcdef0/web"')]);
});
