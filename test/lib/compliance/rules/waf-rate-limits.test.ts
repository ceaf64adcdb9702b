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

const credentials = {
  Name: 'credentials',
  Statement: {
    RateBasedStatement: {
      Limit: 10,
      AggregateKeyType: 'IP',
      ScopeDownStatement: {
        AndStatement: {
          Statements: [
            { ByteMatchStatement: { FieldToMatch: { Method: {} }, PositionalConstraint: 'EXACTLY', SearchString: 'POST' } },
            auth.Statement.RateBasedStatement.ScopeDownStatement,
          ],
        },
      },
    },
  },
};

describe('WafRateLimits', () => {
  test('a general rule and a rule on credential submissions (method and path) comply', () => {
    const stack = ruleTestStack();
    resource(stack, 'Acl', 'AWS::WAFv2::WebACL', { Rules: [general, credentials, auth] });
    resource(stack, 'NoLooseAuthRule', 'AWS::WAFv2::WebACL', { Rules: [general, credentials] });
    expect(violations(rule, stack)).toEqual([]);
  });

  test('only a general rule, a path-only auth rule (counting page loads), or no general rule is flagged', () => {
    const stack = ruleTestStack();
    resource(stack, 'GeneralOnly', 'AWS::WAFv2::WebACL', { Rules: [general] });
    resource(stack, 'PathOnly', 'AWS::WAFv2::WebACL', { Rules: [general, auth] });
    resource(stack, 'CredentialsOnly', 'AWS::WAFv2::WebACL', { Rules: [credentials] });
    expect(violations(rule, stack).sort()).toEqual(['CredentialsOnly', 'GeneralOnly', 'PathOnly']);
  });
});
