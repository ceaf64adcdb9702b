import { asArray, at } from '../resource-graph';
import { defineRule } from '../rule';

export const REQUIRED_MANAGED_GROUPS = [
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesSQLiRuleSet',
  'AWSManagedRulesAmazonIpReputationList',
] as const;

export default defineRule(__filename, {
  checklistIds: ['CL-WAF-1'],
  info: 'The web ACL lacks one of the AWS managed rule groups: common, known bad inputs, SQL injection, IP reputation.',
  explanation: 'The managed groups block the common exploit patterns and known-bad sources the app should never see.',
  resourceTypes: ['AWS::WAFv2::WebACL'],
  evaluate: (acl) => {
    const present = new Set(
      asArray(acl.properties.Rules)
        .filter((r) => at(r, 'Statement.ManagedRuleGroupStatement.VendorName') === 'AWS')
        .map((r) => at(r, 'Statement.ManagedRuleGroupStatement.Name')),
    );
    return REQUIRED_MANAGED_GROUPS.filter((g) => !present.has(g)).map((g) => `managed rule group ${g} is missing`);
  },
});
