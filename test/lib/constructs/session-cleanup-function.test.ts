import { CfnResource, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { cleanupOptionsFromConfig, sessionCleanupSchema } from '../../../config/sections/session-cleanup';
import { SESSION_CLEANUP_DB_USERS } from '../../../lib/constructs/session-cleanup-function';
import { OpsFixture, buildOpsFixture, opsFixture } from '../support/fixtures';

describe.each(['dev', 'prod'] as const)('SessionCleanupFunction in %s (CL-SES-1)', (env) => {
  let fixture: OpsFixture;
  let template: Template;
  let fnLogicalId: string;
  let sgLogicalId: string;
  let queueLogicalId: string;

  beforeAll(() => {
    fixture = opsFixture(env);
    template = Template.fromStack(fixture.operations);
    const stack = fixture.operations;
    const cleanup = fixture.operations.sessionCleanup;
    fnLogicalId = stack.getLogicalId(cleanup.function.node.defaultChild as never);
    sgLogicalId = stack.getLogicalId(cleanup.securityGroup.node.defaultChild as never);
    queueLogicalId = stack.getLogicalId(cleanup.deadLetterQueue.node.defaultChild as never);
  });

  it('runs on the latest Node.js runtime with the configured size and timeout, reserving no concurrency', () => {
    const config = fixture.config.sessionCleanup;
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('CL-SES-1'),
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      // A new account's concurrency quota can be 10, and Lambda refuses any reservation that leaves fewer than 10
      // unreserved; overlapping runs are harmless because the job takes an advisory lock (cleanup.test.ts proves it).
      ReservedConcurrentExecutions: Match.absent(),
      Timeout: config.timeoutSeconds,
      MemorySize: config.memoryMiB,
    });
  });

  it('runs in the private subnets under its own security group only', () => {
    const fn = template.findResources('AWS::Lambda::Function')[fnLogicalId];
    expect(fn.Properties.VpcConfig.SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [sgLogicalId, 'GroupId'] }]);
    const subnetRefs = JSON.stringify(fn.Properties.VpcConfig.SubnetIds);
    expect(subnetRefs).toMatch(/privateSubnet/);
    expect(subnetRefs).not.toMatch(/publicSubnet|isolatedSubnet/);
    expect(fn.Properties.VpcConfig.SubnetIds).toHaveLength(fixture.config.network.availabilityZones.length);
  });

  it('gets the database location, its secret and the config-derived options in its environment', () => {
    const fn = template.findResources('AWS::Lambda::Function')[fnLogicalId];
    const vars = fn.Properties.Environment.Variables;
    expect(vars).toMatchObject({
      DB_SECRET_ARN: fixture.data.sessionCleanupSecret.secretArn,
      DB_PROXY_ENDPOINT: `platform-${env}-proxy.proxy-abc.eu-west-1.rds.amazonaws.com`,
      DB_PORT: '5432',
      DB_NAME: 'app',
      METRICS_NAMESPACE: fixture.config.sessionCleanup.metricsNamespace,
    });
    const options = JSON.parse(vars.CLEANUP_OPTIONS);
    expect(options).toEqual(cleanupOptionsFromConfig(fixture.config.sessionCleanup));
    expect(options).toMatchObject({ sessionsTable: 'sessions', maxSessionsPerUser: 100, revokedRetentionSeconds: 7 * 86400, auditLogRetentionSeconds: 90 * 86400 });
  });

  it('runs on the configured schedule, with undeliverable events kept in the dead-letter queue', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(15 minutes)',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [fnLogicalId, 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueLogicalId, 'Arn'] } },
        }),
      ],
    });
  });

  it('sends failed runs to the dead-letter queue without retrying in place', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fnLogicalId },
      MaximumRetryAttempts: 0,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueLogicalId, 'Arn'] } } },
    });
  });

  it('encrypts the dead-letter queue with the logs key and refuses plain-text access', () => {
    const queue = template.findResources('AWS::SQS::Queue')[queueLogicalId];
    expect(JSON.stringify(queue.Properties.KmsMasterKeyId)).toMatch(/LogsKey/);
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueLogicalId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('egresses only to the proxy on the database port and on 443 to the endpoints, or out through the NAT without a Secrets Manager endpoint (CL-NET-1)', () => {
    const sg = template.findResources('AWS::EC2::SecurityGroup')[sgLogicalId];
    const egress = Object.values(template.findResources('AWS::EC2::SecurityGroupEgress')).filter(
      (r) => JSON.stringify(r.Properties.GroupId) === JSON.stringify({ 'Fn::GetAtt': [sgLogicalId, 'GroupId'] }),
    );
    const toGroups = egress.map((r) => [r.Properties.FromPort, r.Properties.ToPort, JSON.stringify(r.Properties.DestinationSecurityGroupId)]).sort();
    const proxy = [5432, 5432, JSON.stringify(fixture.data.proxySecurityGroup.securityGroupId)];
    if (fixture.config.network.endpoints.secretsManager) {
      expect(sg.Properties.SecurityGroupEgress).toBeUndefined();
      expect(toGroups).toEqual([[443, 443, expect.stringMatching(/EndpointSecurityGroup/)], proxy]);
    } else {
      expect(sg.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' })]);
      expect(toGroups).toEqual([proxy]);
    }
  });

  it('opens the proxy security group to the function in this stack, on the database port only', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: fixture.data.proxySecurityGroup.securityGroupId,
      SourceSecurityGroupId: { 'Fn::GetAtt': [sgLogicalId, 'GroupId'] },
      IpProtocol: 'tcp',
      FromPort: 5432,
      ToPort: 5432,
    });
  });

  it('may read only its own secret, decrypt with the secrets key and connect as session_cleanup(_clone) through the proxy', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties.Roles).includes('SessionCleanupFunctionServiceRole'),
    );
    expect(policies).toHaveLength(1);
    const statements: { Action: string | string[]; Resource: unknown }[] = policies[0].Properties.PolicyDocument.Statement;
    const resourcesOf = (action: string) => statements.filter((s) => [s.Action].flat().includes(action)).map((s) => JSON.stringify(s.Resource));

    expect(resourcesOf('secretsmanager:GetSecretValue')).toEqual([JSON.stringify(fixture.data.sessionCleanupSecret.secretArn)]);
    expect(resourcesOf('kms:Decrypt').some((r) => r.includes('SecretsKey'))).toBe(true);
    const connect = resourcesOf('rds-db:connect');
    expect(connect).toHaveLength(SESSION_CLEANUP_DB_USERS.length);
    for (const user of SESSION_CLEANUP_DB_USERS) {
      expect(connect.some((r) => r.endsWith(`:dbuser:prx-0123456789abcdef0/${user}"]]}`))).toBe(true);
    }
    // No wildcard resource but active tracing's X-Ray actions, which support no resource-level permission.
    expect(statements.filter((s) => s.Resource === '*').flatMap((s) => [s.Action].flat())).toEqual(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']);
  });

  it('logs to a KMS-encrypted group with the configured retention (CL-OBS-1)', () => {
    const fn = template.findResources('AWS::Lambda::Function')[fnLogicalId];
    const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref;
    const logGroup = template.findResources('AWS::Logs::LogGroup')[logGroupId];
    expect(logGroup.Properties.RetentionInDays).toBe(fixture.config.sessionCleanup.logRetentionDays);
    expect(JSON.stringify(logGroup.Properties.KmsKeyId)).toMatch(/LogsKey/);
  });
});

describe('SessionCleanupFunction with sessionCleanup.reservedConcurrency', () => {
  it('reserves it, and then acknowledges no concurrency finding', () => {
    const fixture = buildOpsFixture('dev', (c) => ({ ...c, sessionCleanup: { ...c.sessionCleanup, reservedConcurrency: 1 } }));
    const fn = fixture.operations.sessionCleanup.function.node.defaultChild as CfnResource;
    expect(fixture.operations.resolve((fn as unknown as { reservedConcurrentExecutions?: number }).reservedConcurrentExecutions)).toBe(1);
    const acknowledged = fn.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.keys(m.data as Record<string, string>));
    expect(acknowledged.filter((id) => id.includes('LambdaConcurrency'))).toEqual([]);
    expect(acknowledged.filter((id) => id.includes('LambdaDLQ')).length).toBeGreaterThan(0);
  });
});

describe('cleanupOptionsFromConfig', () => {
  it('converts day-based config to the seconds the job expects and passes names through', () => {
    const config = sessionCleanupSchema.parse({ revokedRetentionDays: 3, names: { sessionsTable: 'auth_sessions' } });
    const options = cleanupOptionsFromConfig(config);
    expect(options.revokedRetentionSeconds).toBe(3 * 86400);
    expect(options.sessionsTable).toBe('auth_sessions');
  });
});
