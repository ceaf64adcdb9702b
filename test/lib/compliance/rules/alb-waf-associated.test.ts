import { App } from 'aws-cdk-lib';
import rule from '../../../../lib/compliance/rules/alb-waf-associated';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-WAF-1
describe('AlbWafAssociated', () => {
  test('an internet-facing ALB associated with a web ACL (from another stack) complies; internal ALBs are not checked', () => {
    const service = ruleTestStack();
    const edge = ruleTestStack('dev', service.node.root as App, 'edge');
    const alb = resource(service, 'Alb', 'AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internet-facing' });
    resource(service, 'Internal', 'AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internal' });
    resource(edge, 'Assoc', 'AWS::WAFv2::WebACLAssociation', { ResourceArn: alb.ref, WebACLArn: 'arn' });
    expect(violations(rule, service)).toEqual([]);
  });

  test('an internet-facing ALB (the default scheme) without an association is flagged', () => {
    const stack = ruleTestStack();
    resource(stack, 'Alb', 'AWS::ElasticLoadBalancingV2::LoadBalancer', {});
    expect(violations(rule, stack)).toEqual(['Alb']);
  });
});
