import { acknowledge } from '../../../../lib/compliance/acknowledge';
import rule from '../../../../lib/compliance/rules/rds-proxy-require-tls';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-TLS-3
describe('RdsProxyRequireTls', () => {
  test('a proxy with RequireTLS complies', () => {
    const stack = ruleTestStack();
    resource(stack, 'Proxy', 'AWS::RDS::DBProxy', { RequireTLS: true });
    expect(violations(rule, stack)).toEqual([]);
  });

  test('a proxy without RequireTLS is flagged', () => {
    const stack = ruleTestStack();
    resource(stack, 'Proxy', 'AWS::RDS::DBProxy', { RequireTLS: false });
    resource(stack, 'Unset', 'AWS::RDS::DBProxy', {});
    expect(violations(rule, stack).sort()).toEqual(['Proxy', 'Unset']);
  });

  test('an acknowledged violation is not reported; the acknowledgment names the rule ID derived from the file', () => {
    const stack = ruleTestStack();
    const proxy = resource(stack, 'Proxy', 'AWS::RDS::DBProxy', {});
    acknowledge(proxy, `Platform-${rule.id}`, 'CL-TLS-3', 'test: a proxy for a legacy client that cannot do TLS, isolated network');
    resource(stack, 'Other', 'AWS::RDS::DBProxy', {});
    expect(rule.id).toBe('RdsProxyRequireTls');
    expect(violations(rule, stack)).toEqual(['Other']);
  });
});
