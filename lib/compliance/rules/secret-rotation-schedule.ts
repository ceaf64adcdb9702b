import { ResourceView, at, literalNumber, literalString } from '../resource-graph';
import { defineRule } from '../rule';

const MAX_DAYS = 90;

/** Days between rotations of a RotationSchedule, or undefined when it cannot be read as at most N days. */
export function rotationDays(schedule: ResourceView): number | undefined {
  const rules = schedule.properties.RotationRules;
  const days = literalNumber(at(rules, 'AutomaticallyAfterDays'));
  if (days !== undefined) return days;
  const expression = literalString(at(rules, 'ScheduleExpression'))?.trim();
  if (!expression) return undefined;
  const rate = /^rate\((\d+)\s+(hours?|days?)\)$/.exec(expression);
  if (rate) return rate[2].startsWith('hour') ? Number(rate[1]) / 24 : Number(rate[1]);
  // A cron that fires every month (month field `*`) rotates at most ~31 days apart.
  const cron = /^cron\((.+)\)$/.exec(expression);
  if (cron && cron[1].trim().split(/\s+/)[3] === '*') return 31;
  return undefined;
}

export default defineRule(__filename, {
  checklistIds: ['CL-SEC-2'],
  info: `The secret has no rotation schedule rotating it at least every ${MAX_DAYS} days.`,
  explanation: 'Every secret rotates automatically so a leaked value stops working within a bounded time.',
  resourceTypes: ['AWS::SecretsManager::Secret'],
  evaluate: (secret, graph) => {
    // A database secret is rotated through its SecretTargetAttachment (whose Ref is the secret's ARN).
    const attachments = graph.ofType('AWS::SecretsManager::SecretTargetAttachment').filter((a) => graph.refersTo(a, secret, (p) => p.SecretId));
    const schedules = graph
      .ofType('AWS::SecretsManager::RotationSchedule')
      .filter((s) => graph.refersTo(s, secret, (p) => p.SecretId) || attachments.some((a) => graph.refersTo(s, a, (p) => p.SecretId)));
    if (schedules.length === 0) return ['no AWS::SecretsManager::RotationSchedule for this secret'];
    const days = schedules.map(rotationDays);
    return days.some((d) => d !== undefined && d > 0 && d <= MAX_DAYS) ? [] : [`rotation interval ${days.map((d) => d ?? 'unknown').join(', ')} days exceeds ${MAX_DAYS}`];
  },
});
