import { isProdLike, literalNumber } from '../resource-graph';
import { defineRule } from '../rule';

export default defineRule(__filename, {
  checklistIds: ['CL-DB-1', 'CL-ENV-2'],
  info: 'The RDS instance keeps automated backups for less than 7 days (35 in prod).',
  explanation: 'Automated backups are the point-in-time-recovery window: at least a week everywhere, the 35-day maximum in prod.',
  resourceTypes: ['AWS::RDS::DBInstance'],
  evaluate: (instance) => {
    if (instance.properties.SourceDBInstanceIdentifier !== undefined) return [];
    const required = isProdLike(instance) ? 35 : 7;
    // CloudFormation's default retention is 1 day.
    const days = literalNumber(instance.properties.BackupRetentionPeriod ?? 1);
    return days !== undefined && days >= required ? [] : [`BackupRetentionPeriod ${days ?? '(not literal)'} < ${required}`];
  },
});
