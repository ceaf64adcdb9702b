import { App, CfnResource, Stack, Stage, Tags } from 'aws-cdk-lib';
import { ConstructGraph, environmentOf } from '../../../lib/compliance/construct-graph';

describe('environmentOf', () => {
  test('the platform:environment tag wins over the stack name', () => {
    const stack = new Stack(new App(), 'platform-dev-data', { tags: { 'platform:environment': 'prod' } });
    expect(environmentOf(stack)).toBe('prod');
  });

  test('else the platform-<env>- stack name prefix', () => {
    expect(environmentOf(new Stack(new App(), 'platform-staging-service'))).toBe('staging');
  });

  test('a tag applied by Tags.of (an aspect) counts once aspects have run, as they have at validation', () => {
    const app = new App();
    const stack = new Stack(app, 'custom-name');
    new CfnResource(stack, 'Topic', { type: 'AWS::SNS::Topic' });
    Tags.of(stack).add('platform:environment', 'dev');
    app.synth();
    expect(environmentOf(stack)).toBe('dev');
  });

  test('unknown otherwise (rules then apply prod requirements)', () => {
    expect(environmentOf(new Stack(new App(), 'something', { tags: { 'platform:environment': 'qa' } }))).toBeUndefined();
  });
});

describe('ConstructGraph.refersTo', () => {
  // A stage spans the copy region (backup copy, disaster-recovery drill): a rule checking one region's VPC must not
  // try to resolve the other region's flow logs against it, which CDK refuses as a cross-environment reference.
  test('is false across regions of one stage, and still sees references within a region', () => {
    const stage = new Stage(new App(), 'platform-prod');
    const home = new Stack(stage, 'network', { env: { account: '000000000003', region: 'eu-west-1' } });
    const away = new Stack(stage, 'disaster-recovery', { env: { account: '000000000003', region: 'eu-west-3' } });
    const homeVpc = new CfnResource(home, 'Vpc', { type: 'AWS::EC2::VPC' });
    new CfnResource(home, 'FlowLog', { type: 'AWS::EC2::FlowLog', properties: { ResourceId: homeVpc.ref } });
    new CfnResource(away, 'Vpc', { type: 'AWS::EC2::VPC' });
    const graph = new ConstructGraph(homeVpc);
    const [log] = graph.ofType('AWS::EC2::FlowLog');
    const vpcs = graph.ofType('AWS::EC2::VPC');
    expect(vpcs.map((vpc) => [vpc.region, graph.refersTo(log, vpc, (p) => p.ResourceId)])).toEqual([
      ['eu-west-1', true],
      ['eu-west-3', false],
    ]);
  });
});
