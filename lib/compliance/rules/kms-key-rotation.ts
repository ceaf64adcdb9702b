import { isTrue } from '../resource-graph';
import { defineRule } from '../rule';

export default defineRule(__filename, {
  checklistIds: ['CL-ENC-1'],
  info: 'The KMS key does not have automatic rotation enabled.',
  explanation: 'Customer-managed keys protecting data, secrets and logs must rotate so a leaked key version has a bounded life.',
  resourceTypes: ['AWS::KMS::Key'],
  evaluate: (key) => (isTrue(key.properties.EnableKeyRotation) ? [] : ['EnableKeyRotation is not true']),
});
