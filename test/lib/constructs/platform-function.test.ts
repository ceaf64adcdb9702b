import { readdirSync } from 'node:fs';
import { App, AssetStaging, Stack, Validations, aws_ec2 as ec2, aws_kms as kms } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { Template } from 'aws-cdk-lib/assertions';
import { PlatformFunction } from '../../../lib/constructs/platform-function';
import { configOf, dataFixture } from '../../support/data-fixture';

/** The acknowledgments made on one construct itself: rule ID -> reason. */
function acknowledgmentsOn(construct: IConstruct): Record<string, string> {
  return Object.fromEntries(
    construct.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>))
      .map(([id, reason]) => [id.replace(/^annotation::/i, ''), reason]),
  );
}

const NO_DLQ = 'test function: invoked synchronously by its tests only';

describe('PlatformFunction', () => {
  const { stack, keys, network } = dataFixture(configOf('prod'));
  const securityGroup = new ec2.SecurityGroup(stack, 'Sg', { vpc: network.vpc, allowAllOutbound: false });
  const fn = new PlatformFunction(stack, 'Fn', {
    lambdaName: 'redis-rotation',
    description: 'test function',
    logsKey: keys.logs,
    logRetentionDays: 90,
    vpc: network.vpc,
    securityGroup,
    environment: { A: 'b' },
    noDeadLetterQueueReason: NO_DLQ,
  });
  const template = Template.fromStack(stack);
  const props = template.toJSON().Resources[stack.getLogicalId(fn.node.defaultChild as never)].Properties;

  it('runs Node.js 24 on arm64 in the private subnets under the given security group', () => {
    expect(props).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: 60,
      Environment: { Variables: { A: 'b' } },
      VpcConfig: { SecurityGroupIds: [{ 'Fn::GetAtt': [stack.getLogicalId(securityGroup.node.defaultChild as never), 'GroupId'] }] },
    });
    const subnets = JSON.stringify(props.VpcConfig.SubnetIds);
    expect(subnets).toMatch(/privateSubnet1/);
    expect(subnets).not.toMatch(/isolated|public/);
  });

  it('ships the minified bundle without a source map, and does not turn source maps on (lambdaCode)', () => {
    expect(props.Environment).toEqual({ Variables: { A: 'b' } });
    // Test apps skip bundling (test/support/skip-bundling.js); this one bundles (a small entry, so it stays cheap).
    const bundled = new Stack(new App({ postCliContext: { 'aws:cdk:bundling-stacks': ['**'] } }), 'Bundled');
    const small = new PlatformFunction(bundled, 'Fn', {
      entry: 'restore-drill/report.ts',
      description: 'x',
      logsKey: new kms.Key(bundled, 'Key'),
      logRetentionDays: 30,
      noDeadLetterQueueReason: NO_DLQ,
      outsideVpcReason: 'test function: reaches nothing but its logs',
    });
    const staging = small.node.findChild('Code').node.findChild('Stage') as AssetStaging;
    expect(readdirSync(staging.absoluteStagedPath)).toEqual(['index.js']);
  });

  it('logs to its own log group with retention and the logs key (CL-OBS-1)', () => {
    const groupId = props.LoggingConfig.LogGroup.Ref;
    expect(template.toJSON().Resources[groupId].Properties).toMatchObject({
      RetentionInDays: 90,
      KmsKeyId: { 'Fn::GetAtt': [stack.getLogicalId(keys.logs.node.defaultChild as never), 'Arn'] },
    });
  });

  it('refuses an entry that does not exist', () => {
    expect(
      () =>
        new PlatformFunction(stack, 'Missing', {
          lambdaName: 'no-such-lambda',
          description: 'x',
          logsKey: keys.logs,
          logRetentionDays: 30,
          vpc: network.vpc,
          securityGroup,
          noDeadLetterQueueReason: NO_DLQ,
        }),
    ).toThrow(/no-such-lambda/);
  });

  it('traces every invocation actively (Serverless-LambdaTracing)', () => {
    expect(props.TracingConfig).toEqual({ Mode: 'Active' });
  });

  it('acknowledges the packs\' concurrency and DLQ findings on the function, each with its reason and a CL ID', () => {
    const acks = acknowledgmentsOn(fn.node.defaultChild!);
    expect(acks['NIST.800.53.R5-LambdaDLQ']).toBe(`[CL-OBS-2] ${NO_DLQ}`);
    expect(acks['Serverless-LambdaDLQ']).toBe(`[CL-OBS-2] ${NO_DLQ}`);
    expect(acks['HIPAA.Security-LambdaConcurrency']).toMatch(/^\[CL-APP-3\] No reserved concurrency by default: a new account's Lambda concurrency quota can be 10/);
    expect(acks['NIST.800.53.R5-LambdaInsideVPC']).toBeUndefined();
  });

  it('reserves concurrency only when asked, and then acknowledges no concurrency finding', () => {
    const reserved = new PlatformFunction(stack, 'Reserved', {
      lambdaName: 'redis-rotation',
      description: 'x',
      logsKey: keys.logs,
      logRetentionDays: 30,
      vpc: network.vpc,
      securityGroup,
      reservedConcurrency: 2,
      noDeadLetterQueueReason: NO_DLQ,
    });
    expect(Object.keys(acknowledgmentsOn(reserved.node.defaultChild!)).filter((id) => id.includes('LambdaConcurrency'))).toEqual([]);
    expect(Object.keys(acknowledgmentsOn(fn.node.defaultChild!)).filter((id) => id.includes('LambdaConcurrency'))).toEqual(['NIST.800.53.R5-LambdaConcurrency', 'HIPAA.Security-LambdaConcurrency']);
    expect((reserved.node.defaultChild as { reservedConcurrentExecutions?: number }).reservedConcurrentExecutions).toBe(2);
  });

  it('refuses a function outside the VPC without a reason for it', () => {
    expect(() => new PlatformFunction(stack, 'Outside', { lambdaName: 'redis-rotation', description: 'x', logsKey: keys.logs, logRetentionDays: 30, noDeadLetterQueueReason: NO_DLQ })).toThrow(
      /outside the VPC needs outsideVpcReason/,
    );
  });
});
