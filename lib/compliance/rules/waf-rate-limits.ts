import { asArray, at } from '../resource-graph';
import { defineRule } from '../rule';

export default defineRule(__filename, {
  checklistIds: ['CL-WAF-2'],
  info: 'The web ACL lacks a general per-IP rate rule or a stricter rate rule scoped to the authentication paths.',
  explanation: 'A general limit blunts floods; a tighter one on the sign-in/auth paths blunts credential stuffing and brute force.',
  resourceTypes: ['AWS::WAFv2::WebACL'],
  evaluate: (acl) => {
    const rateRules = asArray(acl.properties.Rules)
      .map((r) => at(r, 'Statement.RateBasedStatement'))
      .filter((s) => s !== undefined);
    const problems: string[] = [];
    if (!rateRules.some((s) => at(s, 'ScopeDownStatement') === undefined)) problems.push('no general rate-based rule (without scope-down)');
    // The auth rule narrows by request path: its scope-down statement inspects the URI path.
    if (!rateRules.some((s) => JSON.stringify(at(s, 'ScopeDownStatement') ?? null).includes('"UriPath"'))) {
      problems.push('no rate-based rule scoped down to request paths (the authentication paths)');
    }
    return problems;
  },
});
