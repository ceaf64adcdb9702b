import { isProdLike, isTrue } from '../resource-graph';
import { defineRule } from '../rule';

export default defineRule(__filename, {
  checklistIds: ['CL-ENV-2'],
  info: 'A prod RDS instance is not Multi-AZ or has no deletion protection.',
  explanation: 'The prod floor as the template shows it (config validation enforces it before synth): prod survives the loss of an AZ and its database cannot be deleted by a call or a deploy. Unlike AwsSolutions-RDS3/RDS10 it knows the environment, so dev needs no exception.',
  resourceTypes: ['AWS::RDS::DBInstance'],
  evaluate: (instance) => {
    if (!isProdLike(instance) || instance.properties.SourceDBInstanceIdentifier !== undefined) return [];
    const problems: string[] = [];
    if (!isTrue(instance.properties.MultiAZ)) problems.push('MultiAZ is not true (prod)');
    if (!isTrue(instance.properties.DeletionProtection)) problems.push('DeletionProtection is not true (prod)');
    return problems;
  },
});
