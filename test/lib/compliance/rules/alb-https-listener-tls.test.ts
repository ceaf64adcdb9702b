import rule from '../../../../lib/compliance/rules/alb-https-listener-tls';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-TLS-1
const certificates = [{ CertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' }];

describe('AlbHttpsListenerTls', () => {
  test('a TLS 1.2+ policy with a certificate complies', () => {
    const stack = ruleTestStack();
    resource(stack, 'Https', 'AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06', Certificates: certificates });
    expect(violations(rule, stack)).toEqual([]);
  });

  test('the default policy, a TLS 1.0 policy or a missing certificate is flagged', () => {
    const stack = ruleTestStack();
    resource(stack, 'DefaultPolicy', 'AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'HTTPS', Certificates: certificates });
    resource(stack, 'Old', 'AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-2016-08', Certificates: certificates });
    resource(stack, 'NoCert', 'AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' });
    expect(violations(rule, stack).sort()).toEqual(['DefaultPolicy', 'NoCert', 'Old']);
  });
});
