import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { STUCK_HOURS, checkAlarms } from '../../../../lib/verify/checks/alarms';
import { NAMES, NOW, daysAgo, hoursAgo, liveEnvironment, prodInventory } from '../fixture';

const alarm = (AlarmName: string, change: Record<string, unknown> = {}) => ({ AlarmName, ActionsEnabled: true, AlarmActions: ['arn:aws:sns:topic'], StateValue: 'OK' as const, StateUpdatedTimestamp: daysAgo(3), ...change });

async function alarms(MetricAlarms: ReturnType<typeof alarm>[]) {
  const { clients, mocks } = liveEnvironment();
  mocks.cloudWatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms, CompositeAlarms: [alarm(NAMES.composite)] });
  const [result] = await checkAlarms(clients.cloudWatch, await prodInventory(clients), NOW);
  return result;
}

describe('CL-OBS-2 alarms as deployed', () => {
  it('passes alarms that exist, notify and have data, naming any in ALARM now', async () => {
    const { clients, mocks } = liveEnvironment();
    const [result] = await checkAlarms(clients.cloudWatch, await prodInventory(clients), NOW);
    expect(result).toMatchObject({ status: 'PASS', evidence: '3 alarms (3 OK), each with an action' });
    expect(mocks.cloudWatch.commandCalls(DescribeAlarmsCommand)[0].args[0].input).toMatchObject({ AlarmNames: [...NAMES.alarms, NAMES.composite], AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] });
    const alarming = await alarms([alarm(NAMES.alarms[0], { StateValue: 'ALARM' }), alarm(NAMES.alarms[1])]);
    expect(alarming).toMatchObject({ status: 'PASS', evidence: expect.stringMatching(/in ALARM now: platform-prod-Http5xxCritical/) });
  });

  it.each([
    ['deleted by hand', [alarm(NAMES.alarms[0])], /platform-prod-CanaryCritical does not exist/],
    ['with actions disabled', [alarm(NAMES.alarms[0], { ActionsEnabled: false }), alarm(NAMES.alarms[1])], /Http5xxCritical notifies nobody \(actions disabled, 1 alarm action\(s\)\)/],
    ['without an action', [alarm(NAMES.alarms[0], { AlarmActions: [] }), alarm(NAMES.alarms[1])], /Http5xxCritical notifies nobody \(actions enabled, 0 alarm action\(s\)\)/],
    [`stuck in INSUFFICIENT_DATA for more than ${STUCK_HOURS} h`, [alarm(NAMES.alarms[0], { StateValue: 'INSUFFICIENT_DATA', StateUpdatedTimestamp: daysAgo(5) }), alarm(NAMES.alarms[1])], /Http5xxCritical has been INSUFFICIENT_DATA since/],
  ])('fails an alarm %s', async (_label, metricAlarms, evidence) => {
    expect(await alarms(metricAlarms)).toMatchObject({ id: 'CL-OBS-2', status: 'FAIL', evidence: expect.stringMatching(evidence), fix: expect.any(String) });
  });

  it('gives a new alarm time for its first data point', async () => {
    expect(await alarms([alarm(NAMES.alarms[0], { StateValue: 'INSUFFICIENT_DATA', StateUpdatedTimestamp: hoursAgo(STUCK_HOURS - 1) }), alarm(NAMES.alarms[1])])).toMatchObject({ status: 'PASS' });
  });

  it(`passes alarms INSUFFICIENT_DATA since their creation minutes ago (a new environment), failing them after ${STUCK_HOURS} h`, async () => {
    const waiting = (since: Date) => NAMES.alarms.map((name) => alarm(name, { StateValue: 'INSUFFICIENT_DATA', StateUpdatedTimestamp: since }));
    expect(await alarms(waiting(hoursAgo(0.2)))).toMatchObject({ status: 'PASS', evidence: '3 alarms (2 INSUFFICIENT_DATA, 1 OK), each with an action' });
    expect((await alarms(waiting(hoursAgo(STUCK_HOURS + 1)))).status).toBe('FAIL');
  });
});
