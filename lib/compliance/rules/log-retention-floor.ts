import { PROD_MIN_LOG_RETENTION_DAYS } from '../../../config/prod-floor';
import { isProdLike, literalNumber } from '../resource-graph';
import { defineRule } from '../rule';

export default defineRule(__filename, {
  checklistIds: ['CL-OBS-1', 'CL-ENV-2'],
  info: `A prod log group keeps its logs less than ${PROD_MIN_LOG_RETENTION_DAYS} days.`,
  explanation: 'Prod logs answer incident and audit questions a year later. The prod floor checks every retention field of the '
    + 'configuration; this rule checks every log group that reached a prod template, whatever set its retention (a construct, '
    + 'a default, an escape hatch). A log group without RetentionInDays keeps logs forever, which LogGroupRetentionEncryption refuses.',
  resourceTypes: ['AWS::Logs::LogGroup'],
  evaluate: (group) => {
    if (!isProdLike(group) || group.properties.RetentionInDays === undefined) return [];
    const days = literalNumber(group.properties.RetentionInDays);
    if (days === undefined) return ['RetentionInDays is not a literal number'];
    return days < PROD_MIN_LOG_RETENTION_DAYS ? [`RetentionInDays is ${days}; prod keeps logs at least ${PROD_MIN_LOG_RETENTION_DAYS} days`] : [];
  },
});
