import { literalNumber } from '../resource-graph';
import { defineRule } from '../rule';

export default defineRule(__filename, {
  checklistIds: ['CL-OBS-1', 'CL-ENC-1'],
  info: 'The CloudWatch log group has no explicit retention or is not encrypted with a customer-managed KMS key.',
  explanation: 'Logs are kept for a decided period (never forever by accident, never too briefly) and encrypted with a key the platform controls.',
  resourceTypes: ['AWS::Logs::LogGroup'],
  evaluate: (group) => {
    const problems: string[] = [];
    if (!((literalNumber(group.properties.RetentionInDays) ?? 0) > 0)) problems.push('RetentionInDays is not set');
    if (group.properties.KmsKeyId === undefined) problems.push('KmsKeyId is not set');
    return problems;
  },
});
