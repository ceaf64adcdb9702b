import { CfnResource, Stack, aws_logs as logs } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { defineRule } from '../rule';

export default defineRule(__filename, {
  checklistIds: ['CL-OBS-1', 'CL-ENC-1'],
  info: 'The CloudWatch log group has no explicit retention or is not encrypted with a customer-managed KMS key.',
  explanation: 'Logs are kept for a decided period (never forever by accident, never too briefly) and encrypted with a key the platform controls.',
  check: (node: CfnResource) => {
    if (!(node instanceof logs.CfnLogGroup)) return NagRuleCompliance.NOT_APPLICABLE;
    const stack = Stack.of(node);
    const retention = stack.resolve(node.retentionInDays);
    const key = stack.resolve(node.kmsKeyId);
    return typeof retention === 'number' && retention > 0 && key !== undefined
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
});
