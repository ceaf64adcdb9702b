import { asArray, literalString } from '../resource-graph';
import { defineRule } from '../rule';

const SEVERITIES = ['critical', 'warning'] as const;

/** An alarm's severity: its description's `[CRITICAL]`/`[WARNING]` prefix, else its name's `-critical`/`-warning` suffix. */
function severityOf(properties: Record<string, unknown>): string | undefined {
  const description = /^\[(\w+)\]/.exec(literalString(properties.AlarmDescription) ?? '')?.[1]?.toLowerCase();
  const name = /-(\w+)$/.exec(literalString(properties.AlarmName) ?? '')?.[1]?.toLowerCase();
  return [description, name].find((s): s is string => (SEVERITIES as readonly string[]).includes(s ?? ''));
}

export default defineRule(__filename, {
  checklistIds: ['CL-OBS-2'],
  info: 'The alarm has no ALARM action on the SNS topic of its severity (or says no severity).',
  explanation: 'An alarm nobody is told about watches nothing. Each alarm states its severity ([CRITICAL] or [WARNING] in its '
    + 'description, or a -critical/-warning name suffix) and sends its ALARM transition to that severity\'s topic (display name '
    + '"... <severity> alarms"): critical pages, warning informs.',
  resourceTypes: ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm'],
  evaluate: (alarm, graph) => {
    const severity = severityOf(alarm.properties);
    if (!severity) return ['the alarm says no severity: start its description with [CRITICAL] or [WARNING]'];
    if (asArray(alarm.properties.AlarmActions).length === 0) return [`no AlarmActions: send it to the ${severity} alarm topic`];
    if (alarm.properties.ActionsEnabled === false || alarm.properties.ActionsEnabled === 'false') return ['ActionsEnabled is false'];
    const topics = graph.ofType('AWS::SNS::Topic').filter((t) => graph.refersTo(alarm, t, (p) => p.AlarmActions));
    const right = topics.some((t) => (literalString(t.properties.DisplayName) ?? '').toLowerCase().endsWith(`${severity} alarms`));
    return right ? [] : [`AlarmActions do not include the ${severity} alarm topic (display name "... ${severity} alarms")`];
  },
});
