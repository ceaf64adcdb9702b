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
});
