import { readdirSync } from 'node:fs';
import { App, AssetStaging, Stack, aws_ec2 as ec2, aws_kms as kms } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PlatformFunction } from '../../../lib/constructs/platform-function';
import { configOf, dataFixture } from '../../support/data-fixture';

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
    const small = new PlatformFunction(bundled, 'Fn', { entry: 'restore-drill/report.ts', description: 'x', logsKey: new kms.Key(bundled, 'Key'), logRetentionDays: 30 });
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
        }),
    ).toThrow(/no-such-lambda/);
  });
});
