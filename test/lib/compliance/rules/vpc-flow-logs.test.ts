import { App, aws_ec2 as ec2 } from 'aws-cdk-lib';
import rule from '../../../../lib/compliance/rules/vpc-flow-logs';
import { ruleTestStack, violations } from '../rule-harness';

// CL-NET-2
describe('VpcFlowLogs', () => {
  test('a VPC with a flow log complies', () => {
    const stack = ruleTestStack();
    const vpc = new ec2.CfnVPC(stack, 'Vpc', { cidrBlock: '10.0.0.0/16' });
    new ec2.CfnFlowLog(stack, 'Log', { resourceId: vpc.ref, resourceType: 'VPC', trafficType: 'ALL' });
    expect(violations(rule, stack)).toEqual([]);
  });

  test('a VPC without a flow log is flagged, even when another VPC has one', () => {
    const stack = ruleTestStack();
    const logged = new ec2.CfnVPC(stack, 'Logged', { cidrBlock: '10.0.0.0/16' });
    new ec2.CfnVPC(stack, 'Unlogged', { cidrBlock: '10.1.0.0/16' });
    new ec2.CfnFlowLog(stack, 'Log', { resourceId: logged.ref, resourceType: 'VPC', trafficType: 'ALL' });
    expect(violations(rule, stack)).toEqual(['Unlogged']);
  });

  test('a flow log in another stack of the same environment counts (cross-stack reference)', () => {
    const network = ruleTestStack();
    const logs = ruleTestStack('dev', network.node.root as App, 'logs');
    const vpc = new ec2.CfnVPC(network, 'Vpc', { cidrBlock: '10.0.0.0/16' });
    new ec2.CfnFlowLog(logs, 'Log', { resourceId: vpc.ref, resourceType: 'VPC', trafficType: 'ALL' });
    expect(violations(rule, network)).toEqual([]);
  });

  test.each(['weak', 'strong'])('after synthesis, with %s cross-stack references, the reference is still matched', (kind) => {
    const app = new App({ context: { '@aws-cdk/core:defaultCrossStackReferences': kind } });
    const network = ruleTestStack('dev', app);
    const logs = ruleTestStack('dev', app, 'logs');
    const vpc = new ec2.CfnVPC(network, 'Vpc', { cidrBlock: '10.0.0.0/16' });
    new ec2.CfnVPC(network, 'Unlogged', { cidrBlock: '10.1.0.0/16' });
    new ec2.CfnFlowLog(logs, 'Log', { resourceId: vpc.ref, resourceType: 'VPC', trafficType: 'ALL' });
    // Synthesis assigns the consuming stack its import/stack-output token, as when cdk-nag runs during `cdk synth`.
    const template = JSON.stringify(app.synth().getStackByName('platform-dev-logs').template);
    expect(template).toContain(kind === 'weak' ? 'Fn::GetStackOutput' : 'Fn::ImportValue');
    expect(violations(rule, network)).toEqual(['Unlogged']);
  });
});
