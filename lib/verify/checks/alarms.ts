// CL-OBS-2 live: every alarm of the environment exists, notifies (actions enabled, an action set) and is not stuck
// in INSUFFICIENT_DATA, which means it watches a metric nobody publishes (a wrong name or dimension).
import { CloudWatchClient, CompositeAlarm, DescribeAlarmsCommand, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { Inventory, LOOKUPS } from '../inventory';
import { VerifyResult, fail, pass } from '../result';

/** An alarm may wait this long for its first data point (a daily or monthly metric) before it counts as stuck. */
export const STUCK_HOURS = 48;

export async function checkAlarms(client: CloudWatchClient, inventory: Inventory, now: Date): Promise<VerifyResult[]> {
  const id = 'CL-OBS-2';
  const names = [...inventory.find(LOOKUPS.alarms), ...inventory.find(LOOKUPS.compositeAlarms)].map((a) => a.physicalId);
  if (names.length === 0) return [fail(id, 'alarms', inventory.absence(LOOKUPS.alarms), now, 'deploy the monitoring stack')];
  const alarms: (MetricAlarm | CompositeAlarm)[] = [];
  for (let i = 0; i < names.length; i += 100) {
    const page = await client.send(new DescribeAlarmsCommand({ AlarmNames: names.slice(i, i + 100), AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], MaxRecords: 100 }));
    alarms.push(...(page.MetricAlarms ?? []), ...(page.CompositeAlarms ?? []));
  }
  const found = new Set(alarms.map((a) => a.AlarmName));
  const problems = [
    ...names.filter((n) => !found.has(n)).map((n) => `${n} does not exist`),
    ...alarms.filter((a) => a.ActionsEnabled !== true || (a.AlarmActions ?? []).length === 0).map((a) => `${a.AlarmName} notifies nobody (actions ${a.ActionsEnabled ? 'enabled' : 'disabled'}, ${(a.AlarmActions ?? []).length} alarm action(s))`),
    ...alarms
      .filter((a) => a.StateValue === 'INSUFFICIENT_DATA' && now.getTime() - (a.StateUpdatedTimestamp?.getTime() ?? 0) > STUCK_HOURS * 3_600_000)
      .map((a) => `${a.AlarmName} has been INSUFFICIENT_DATA since ${a.StateUpdatedTimestamp?.toISOString() ?? 'ever'}`),
  ];
  const states = alarms.reduce<Record<string, number>>((acc, a) => ({ ...acc, [a.StateValue ?? '?']: (acc[a.StateValue ?? '?'] ?? 0) + 1 }), {});
  const summary = `${alarms.length} alarms (${Object.entries(states).map(([s, n]) => `${n} ${s}`).join(', ')})`;
  if (problems.length) {
    return [fail(id, 'alarms', `${summary}: ${problems.join('; ')}`, now, 'redeploy the monitoring stack (actions switched off or an alarm deleted by hand); a stuck alarm reads a metric that is not published: compare its namespace, name and dimensions with the resource (docs/ops-tier.md)')];
  }
  const alarmingNow = alarms.filter((a) => a.StateValue === 'ALARM').map((a) => a.AlarmName);
  return [pass(id, 'alarms', `${summary}, each with an action${alarmingNow.length ? `; in ALARM now: ${alarmingNow.join(', ')} (see docs/runbook.md)` : ''}`, now)];
}
