import rule from '../../../../lib/compliance/rules/waf-rate-limits';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-WAF-2
const general = { Name: 'general', Statement: { RateBasedStatement: { Limit: 2000, AggregateKeyType: 'IP' } } };
const auth = {
  Name: 'auth',
  Statement: {
    RateBasedStatement: {
      Limit: 100,
      AggregateKeyType: 'IP',
      ScopeDownStatement: { ByteMatchStatement: { FieldToMatch: { UriPath: {} }, PositionalConstraint: 'STARTS_WITH', SearchString: '/api/auth' } },
    },
  },
};

describe('WafRateLimits', () => {
  test('a general and an auth-path rate rule comply', () => {
    const stack = ruleTestStack();
    resource(stack, 'Acl', 'AWS::WAFv2::WebACL', { Rules: [general, auth] });
    expect(violations(rule, stack)).toEqual([]);
  });

  test('only a general rule, or only an auth rule, is flagged', () => {
    const stack = ruleTestStack();
    resource(stack, 'GeneralOnly', 'AWS::WAFv2::WebACL', { Rules: [general] });
    resource(stack, 'AuthOnly', 'AWS::WAFv2::WebACL', { Rules: [auth] });
    expect(violations(rule, stack).sort()).toEqual(['AuthOnly', 'GeneralOnly']);
  });
});
