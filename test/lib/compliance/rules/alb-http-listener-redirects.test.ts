import rule from '../../../../lib/compliance/rules/alb-http-listener-redirects';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-TLS-1
const redirect = { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } };

describe('AlbHttpListenerRedirects', () => {
  test('an HTTP listener that only redirects to HTTPS complies', () => {
    const stack = ruleTestStack();
    const http = resource(stack, 'Http', 'AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'HTTP', DefaultActions: [redirect] });
    resource(stack, 'Rule', 'AWS::ElasticLoadBalancingV2::ListenerRule', { ListenerArn: http.ref, Actions: [redirect] });
    expect(violations(rule, stack)).toEqual([]);
  });

  test('an HTTP listener that forwards, or has a forwarding rule, is flagged', () => {
    const stack = ruleTestStack();
    resource(stack, 'Forwards', 'AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'HTTP', DefaultActions: [{ Type: 'forward', TargetGroupArn: 'tg' }] });
    const ruled = resource(stack, 'Ruled', 'AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'HTTP', DefaultActions: [redirect] });
    resource(stack, 'Rule', 'AWS::ElasticLoadBalancingV2::ListenerRule', { ListenerArn: ruled.ref, Actions: [{ Type: 'forward', TargetGroupArn: 'tg' }] });
    expect(violations(rule, stack).sort()).toEqual(['Forwards', 'Ruled']);
  });
});
