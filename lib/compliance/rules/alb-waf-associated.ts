import { defineRule } from '../rule';

export default defineRule(__filename, {
  checklistIds: ['CL-WAF-1'],
  info: 'The internet-facing application load balancer has no WAF web ACL association.',
  explanation: 'Every request from the internet passes the WAF (managed rule groups, rate limits) before it reaches the app.',
  resourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
  evaluate: (alb, graph) => {
    // CloudFormation defaults: Type application, Scheme internet-facing.
    if ((alb.properties.Type ?? 'application') !== 'application' || (alb.properties.Scheme ?? 'internet-facing') !== 'internet-facing') return [];
    const associated = graph.ofType('AWS::WAFv2::WebACLAssociation').some((a) => graph.refersTo(a, alb, (p) => p.ResourceArn));
    return associated ? [] : ['no AWS::WAFv2::WebACLAssociation references this load balancer'];
  },
});
