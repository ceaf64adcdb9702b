import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildServiceFixture, serviceFixture } from '../support/service-fixture';

type Resource = { Type: string; Properties: Record<string, any> };

function rulesOf(template: Template): Record<string, any>[] {
  const [acl] = Object.values(template.findResources('AWS::WAFv2::WebACL')) as Resource[];
  return acl.Properties.Rules;
}

const CORE = ['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet'];

describe.each(['dev', 'prod'] as const)('WebAcl (%s)', (env) => {
  const fixture = serviceFixture(env);
  const template = Template.fromStack(fixture.service);
  const rules = rulesOf(template);
  const byName = Object.fromEntries(rules.map((r) => [r.Name, r]));
  const block = env === 'prod';

  test('a regional WebACL that allows by default, associated with the ALB (CL-WAF-1)', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Name: `platform-${env}-web`,
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: `platform-${env}-web-acl` },
    });
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: { Ref: Match.stringLikeRegexp('^LoadBalancer') },
      WebACLArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WafWebAcl'), 'Arn'] },
    });
  });

  test('the four core managed groups, counting in dev and enforcing in prod', () => {
    for (const name of CORE) {
      expect(byName[name]).toMatchObject({
        Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: name } },
        OverrideAction: block ? { None: {} } : { Count: {} },
      });
    }
    expect(byName.AWSManagedRulesAmazonIpReputationList.Priority).toBe(0);
  });

  test('every rule has CloudWatch metrics and sampled requests, and a unique priority', () => {
    for (const rule of rules) {
      expect(rule.VisibilityConfig).toEqual({ CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: `platform-${env}-${rule.Name}` });
    }
    expect(new Set(rules.map((r) => r.Priority)).size).toBe(rules.length);
    expect(fixture.service.waf.ruleMetricNames).toMatchObject({ GeneralRateLimit: `platform-${env}-GeneralRateLimit` });
  });

  test('a general per-IP rate limit (CL-WAF-2)', () => {
    expect(byName.GeneralRateLimit).toMatchObject({
      Action: block ? { Block: { CustomResponse: { ResponseCode: 429 } } } : { Count: {} },
      Statement: { RateBasedStatement: { AggregateKeyType: 'IP', Limit: 1000, EvaluationWindowSec: 300 } },
    });
    expect(byName.GeneralRateLimit.Statement.RateBasedStatement.ScopeDownStatement).toBeUndefined();
  });

  const pathMatches = (statement: any) =>
    statement.OrStatement.Statements.map((s: any) => s.ByteMatchStatement).map((m: any) => {
      expect(m).toMatchObject({
        FieldToMatch: { UriPath: {} },
        PositionalConstraint: 'STARTS_WITH',
        TextTransformations: [{ Priority: 0, Type: 'URL_DECODE' }, { Priority: 1, Type: 'LOWERCASE' }],
      });
      return m.SearchString;
    });
  const rateAction = block ? { Block: { CustomResponse: { ResponseCode: 429 } } } : { Count: {} };

  test('the strict per-IP limit counts only credential submissions: POST to the auth paths (CL-WAF-2)', () => {
    const statement = byName.CredentialRateLimit.Statement.RateBasedStatement;
    expect(statement).toMatchObject({ AggregateKeyType: 'IP', Limit: 10, EvaluationWindowSec: 600 });
    const [method, paths] = statement.ScopeDownStatement.AndStatement.Statements;
    expect(method).toEqual({
      ByteMatchStatement: { FieldToMatch: { Method: {} }, PositionalConstraint: 'EXACTLY', SearchString: 'POST', TextTransformations: [{ Priority: 0, Type: 'NONE' }] },
    });
    expect(pathMatches(paths)).toEqual(['/api/auth/signin', '/api/auth/callback', '/login', '/register']);
    expect(byName.CredentialRateLimit.Action).toEqual(rateAction);
  });

  test('a looser per-IP limit on every request to the auth paths (page loads, prefetches), still below the general one', () => {
    const statement = byName.AuthPathsRateLimit.Statement.RateBasedStatement;
    expect(statement).toMatchObject({ AggregateKeyType: 'IP', Limit: 300, EvaluationWindowSec: 300 });
    expect(pathMatches(statement.ScopeDownStatement)).toEqual(['/api/auth/signin', '/api/auth/callback', '/login', '/register']);
    expect(statement.Limit).toBeLessThan(byName.GeneralRateLimit.Statement.RateBasedStatement.Limit);
    expect(statement.Limit / statement.EvaluationWindowSec).toBeGreaterThan(
      byName.CredentialRateLimit.Statement.RateBasedStatement.Limit / byName.CredentialRateLimit.Statement.RateBasedStatement.EvaluationWindowSec,
    );
    expect(byName.AuthPathsRateLimit.Action).toEqual(rateAction);
    expect(byName.CredentialRateLimit.Priority).toBeLessThan(byName.AuthPathsRateLimit.Priority);
    expect(byName.AuthPathsRateLimit.Priority).toBeLessThan(byName.GeneralRateLimit.Priority);
  });

  test('a body size limit that oversize bodies cannot bypass', () => {
    expect(byName.BodySizeLimit).toMatchObject({
      Action: block ? { Block: {} } : { Count: {} },
      Statement: { SizeConstraintStatement: { FieldToMatch: { Body: { OversizeHandling: 'MATCH' } }, ComparisonOperator: 'GT', Size: 8192 } },
    });
  });

  test('logs to a KMS-encrypted aws-waf-logs- group with retention, authorization and cookie redacted (CL-WAF-3)', () => {
    const groupName = `aws-waf-logs-platform-${env}`;
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: groupName,
      RetentionInDays: env === 'prod' ? 365 : 30,
      KmsKeyId: { 'Fn::ImportValue': Match.stringLikeRegexp('LogsKey') },
    });
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      ResourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WafWebAcl'), 'Arn'] },
      LogDestinationConfigs: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:logs:eu-west-1:${fixture.config.account}:log-group:${groupName}`]] }],
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }],
    });
  });

  test('the log delivery resource policy is scoped to the WAF log group and this account', () => {
    const [policy] = Object.values(template.findResources('AWS::Logs::ResourcePolicy')) as Resource[];
    // The document is a JSON string joined with the partition: resolve it as CloudFormation would.
    const parts = policy.Properties.PolicyDocument['Fn::Join'][1] as unknown[];
    const document = JSON.parse(parts.map((p) => (typeof p === 'string' ? p : 'aws')).join(''));
    const account = fixture.config.account;
    expect(document.Statement).toEqual([
      {
        Sid: 'WafLogDelivery',
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: `arn:aws:logs:eu-west-1:${account}:log-group:aws-waf-logs-platform-${env}:log-stream:*`,
        Condition: { StringEquals: { 'aws:SourceAccount': account }, ArnLike: { 'aws:SourceArn': `arn:aws:logs:eu-west-1:${account}:*` } },
      },
    ]);
  });
});

describe('WebAcl options', () => {
  test('optional managed groups are added; a single auth path needs no OR', () => {
    const fixture = buildServiceFixture('dev', {
      edit: (raw) => {
        raw.waf = { ...raw.waf, additionalManagedRuleGroups: ['AWSManagedRulesLinuxRuleSet'], authPaths: ['/api/auth/'] };
      },
    });
    const rules = rulesOf(Template.fromStack(fixture.service));
    expect(rules.map((r) => r.Name)).toContain('AWSManagedRulesLinuxRuleSet');
    const path = { ByteMatchStatement: expect.objectContaining({ SearchString: '/api/auth/', PositionalConstraint: 'STARTS_WITH' }) };
    const auth = rules.find((r) => r.Name === 'AuthPathsRateLimit')!;
    expect(auth.Statement.RateBasedStatement.ScopeDownStatement).toEqual(path);
    const credentials = rules.find((r) => r.Name === 'CredentialRateLimit')!;
    expect(credentials.Statement.RateBasedStatement.ScopeDownStatement.AndStatement.Statements[1]).toEqual(path);
  });
});
