import rule, { REQUIRED_MANAGED_GROUPS } from '../../../../lib/compliance/rules/waf-managed-rule-groups';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-WAF-1
const managed = (name: string) => ({ Name: name, Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: name } } });

describe('WafManagedRuleGroups', () => {
  test('a web ACL with the four managed groups complies', () => {
    const stack = ruleTestStack();
    resource(stack, 'Acl', 'AWS::WAFv2::WebACL', { Rules: REQUIRED_MANAGED_GROUPS.map(managed) });
    expect(violations(rule, stack)).toEqual([]);
  });

  test('a web ACL missing the SQL injection group is flagged', () => {
    const stack = ruleTestStack();
    resource(stack, 'Acl', 'AWS::WAFv2::WebACL', { Rules: REQUIRED_MANAGED_GROUPS.filter((g) => g !== 'AWSManagedRulesSQLiRuleSet').map(managed) });
    expect(violations(rule, stack)).toEqual(['Acl']);
  });
});
