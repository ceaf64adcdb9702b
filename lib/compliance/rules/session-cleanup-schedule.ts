import { parseRate } from '../../../config/sections/session-cleanup';
import { literalString } from '../resource-graph';
import { defineRule } from '../rule';
import { functionEnvironment, rulesTargeting, scheduleProblems } from '../template-helpers';

/** At most this many minutes between cleanup runs (CL-SES-1). */
const MAX_MINUTES = 15;

/** Minutes between runs of a `rate(...)` or a `cron(*\/n * ...)`-style expression; undefined when it cannot be told. */
function minutesBetweenRuns(expression: string): number | undefined {
  const rate = parseRate(expression);
  if (rate !== undefined) return rate;
  const cron = /^cron\((\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\)$/.exec(expression);
  if (!cron || cron.slice(2, 4).some((f) => f !== '*') || !['*', '?'].includes(cron[5]) || !['*', '?'].includes(cron[6])) return undefined;
  if (cron[1] === '*') return 1;
  const step = /^(?:\*|0)\/(\d+)$/.exec(cron[1]);
  return step && 60 % Number(step[1]) === 0 ? Number(step[1]) : undefined;
}

export default defineRule(__filename, {
  checklistIds: ['CL-SES-1'],
  info: `The session-cleanup function is not run by an ENABLED EventBridge schedule at least every ${MAX_MINUTES} minutes.`,
  explanation: 'Expired and revoked sessions must be removed every 15 minutes. Config validation checks sessionCleanup.schedule; this rule '
    + 'reads the schedule that actually reached the template, so a construct change (a longer rate, a disabled or removed rule) '
    + 'cannot bypass it. The function is the one the job\'s options (CLEANUP_OPTIONS) are given to.',
  resourceTypes: ['AWS::Lambda::Function'],
  evaluate: (fn, graph) => {
    if (functionEnvironment(fn).CLEANUP_OPTIONS === undefined) return [];
    const schedules = rulesTargeting(fn, graph).filter((r) => r.properties.ScheduleExpression !== undefined);
    if (schedules.length === 0) return ['no EventBridge schedule targets the session-cleanup function'];
    const running = schedules.filter((r) => {
      const minutes = minutesBetweenRuns(literalString(r.properties.ScheduleExpression) ?? '');
      return scheduleProblems(r).length === 0 && minutes !== undefined && minutes <= MAX_MINUTES;
    });
    if (running.length > 0) return [];
    return schedules.flatMap((r) => {
      const problems = scheduleProblems(r);
      const expression = literalString(r.properties.ScheduleExpression);
      const minutes = minutesBetweenRuns(expression ?? '');
      if (minutes === undefined) problems.push(`rule ${r.logicalId}: cannot tell how often ${JSON.stringify(expression)} runs (use rate(15 minutes))`);
      else if (minutes > MAX_MINUTES) problems.push(`rule ${r.logicalId} runs every ${minutes} minutes (${expression}), more than ${MAX_MINUTES}`);
      return problems;
    });
  },
});
