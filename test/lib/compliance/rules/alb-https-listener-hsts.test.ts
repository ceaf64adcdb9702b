import rule from '../../../../lib/compliance/rules/alb-https-listener-hsts';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-TLS-2
const listener = (hsts?: string) => ({
  Protocol: 'HTTPS',
  ListenerAttributes: hsts === undefined ? [] : [{ Key: 'routing.http.response.strict_transport_security.header_value', Value: hsts }],
});

describe('AlbHttpsListenerHsts', () => {
  test('an HTTPS listener with a one-year HSTS attribute complies in prod', () => {
    const stack = ruleTestStack('prod');
    resource(stack, 'Https', 'AWS::ElasticLoadBalancingV2::Listener', listener('max-age=31536000; includeSubDomains'));
    resource(stack, 'Http', 'AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'HTTP' });
    expect(violations(rule, stack)).toEqual([]);
  });

  test('an HTTPS listener without HSTS, or with a short max-age in prod, is flagged', () => {
    const stack = ruleTestStack('prod');
    resource(stack, 'NoHsts', 'AWS::ElasticLoadBalancingV2::Listener', listener());
    resource(stack, 'Short', 'AWS::ElasticLoadBalancingV2::Listener', listener('max-age=300'));
    expect(violations(rule, stack).sort()).toEqual(['NoHsts', 'Short']);
  });

  test('a short max-age is accepted outside prod', () => {
    const stack = ruleTestStack('dev');
    resource(stack, 'Short', 'AWS::ElasticLoadBalancingV2::Listener', listener('max-age=300'));
    expect(violations(rule, stack)).toEqual([]);
  });
});
