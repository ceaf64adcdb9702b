import { asArray, at } from '../resource-graph';
import { defineRule } from '../rule';

export default defineRule(__filename, {
  checklistIds: ['CL-WAF-2'],
  info: 'The web ACL lacks a general per-IP rate rule or a stricter rate rule scoped to credential submissions (request method and authentication paths).',
  explanation:
    'A general limit blunts floods; a tighter one on credential submissions (POST to the sign-in paths) blunts credential stuffing and brute force without counting page loads, which would block users sharing a NAT.',
  resourceTypes: ['AWS::WAFv2::WebACL'],
  evaluate: (acl) => {
    const rateRules = asArray(acl.properties.Rules)
      .map((r) => at(r, 'Statement.RateBasedStatement'))
      .filter((s) => s !== undefined);
    const problems: string[] = [];
    if (!rateRules.some((s) => at(s, 'ScopeDownStatement') === undefined)) problems.push('no general rate-based rule (without scope-down)');
    // The credential rule narrows by method and path: its scope-down statement inspects both.
    const inspects = (s: unknown, field: string) => JSON.stringify(at(s, 'ScopeDownStatement') ?? null).includes(`"${field}"`);
    if (!rateRules.some((s) => inspects(s, 'UriPath') && inspects(s, 'Method'))) {
      problems.push('no rate-based rule scoped down to credential submissions (request method and authentication paths)');
    }
    return problems;
  },
});
