import { CfnResource, Stack, aws_kms as kms } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { defineRule } from '../rule';

export default defineRule(__filename, {
  checklistIds: ['CL-ENC-1'],
  info: 'The KMS key does not have automatic rotation enabled.',
  explanation: 'Customer-managed keys protecting data, secrets and logs must rotate so a leaked key version has a bounded life.',
  check: (node: CfnResource) => {
    if (!(node instanceof kms.CfnKey)) return NagRuleCompliance.NOT_APPLICABLE;
    return Stack.of(node).resolve(node.enableKeyRotation) === true ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
