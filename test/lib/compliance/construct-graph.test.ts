import { App, CfnResource, Stack, Tags } from 'aws-cdk-lib';
import { environmentOf } from '../../../lib/compliance/construct-graph';

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
