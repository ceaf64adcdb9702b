import { GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { checkSessionCleanup, cleanupWindowMinutes } from '../../../../lib/verify/checks/session-cleanup';
import { EMF_LINE, NAMES, NOW, createdAt, hoursAgo, liveEnvironment, prodInventory } from '../fixture';

const target = { schedule: 'rate(15 minutes)', metricsNamespace: 'Platform/SessionCleanup' };

describe('CL-SES-1 session cleanup as deployed', () => {
  it('passes a successful run within two periods, with its metrics, read from the function\'s own log group', async () => {
    const { clients, mocks } = liveEnvironment();
    const [result] = await checkSessionCleanup(clients, await prodInventory(clients), target, NOW);
    expect(result).toMatchObject({
      status: 'PASS',
      check: `session cleanup ${NAMES.cleanupFunction}`,
      evidence: 'last successful run 12 minutes ago (schedule rate(15 minutes)): DeletedExpired=12, DeletedRevoked=3, Backlog=0, DurationMs=840; 0 error(s) in the last 35 minutes',
      at: hoursAgo(0.2).toISOString(),
    });
    expect(mocks.logs.commandCalls(FilterLogEventsCommand)[0].args[0].input).toMatchObject({ logGroupName: '/platform/prod/session-cleanup', filterPattern: '"Platform/SessionCleanup"', startTime: NOW.getTime() - 35 * 60_000 });
  });

  it('fails when no run succeeded within two periods, counting the errors', async () => {
    const { clients, mocks } = liveEnvironment();
    mocks.logs.on(FilterLogEventsCommand).resolves({ events: [] });
    mocks.cloudWatch.on(GetMetricStatisticsCommand).resolves({ Datapoints: [{ Sum: 2 }] });
    const [result] = await checkSessionCleanup(clients, await prodInventory(clients), target, NOW);
    expect(result).toMatchObject({ status: 'FAIL', evidence: 'no successful run in the last 35 minutes (schedule rate(15 minutes), state Active, 2 error(s) in that time)', fix: expect.stringMatching(/dead-letter queue/) });
  });

  it('does not take another line naming the namespace (an error message) for a report', async () => {
    const { clients, mocks } = liveEnvironment();
    mocks.logs.on(FilterLogEventsCommand).resolves({ events: [{ timestamp: hoursAgo(0.1).getTime(), message: 'ERROR could not publish Platform/SessionCleanup metrics' }] });
    const [result] = await checkSessionCleanup(clients, await prodInventory(clients), target, NOW);
    expect(result.status).toBe('FAIL');
  });

  it('takes the newest report of several pages', async () => {
    const { clients, mocks } = liveEnvironment();
    mocks.logs
      .on(FilterLogEventsCommand)
      .resolvesOnce({ events: [{ timestamp: hoursAgo(0.5).getTime(), message: EMF_LINE }], nextToken: 'n' })
      .resolves({ events: [{ timestamp: hoursAgo(0.1).getTime(), message: EMF_LINE }] });
    const [result] = await checkSessionCleanup(clients, await prodInventory(clients), target, NOW);
    expect(result).toMatchObject({ status: 'PASS', at: hoursAgo(0.1).toISOString() });
  });

  it('allows two periods of a rate schedule, an hour each for a cron', () => {
    expect(cleanupWindowMinutes('rate(15 minutes)')).toBe(35);
    expect(cleanupWindowMinutes('cron(0/20 * * * ? *)')).toBe(125);
  });

  describe('a new environment (no history can exist yet)', () => {
    async function newCleanup(ageMinutes: number, errors: number) {
      const { clients, mocks, created } = liveEnvironment();
      createdAt(created, 'platform-prod', hoursAgo(ageMinutes / 60));
      mocks.logs.on(FilterLogEventsCommand).resolves({ events: [] });
      mocks.cloudWatch.on(GetMetricStatisticsCommand).resolves({ Datapoints: [{ Sum: errors }] });
      const [result] = await checkSessionCleanup(clients, await prodInventory(clients), target, NOW);
      return result;
    }

    it('is N/A without a run until the first is due (two periods), saying when', async () => {
      expect(await newCleanup(10, 0)).toMatchObject({
        status: 'N/A',
        evidence: `stack platform-prod-operations created 10 min ago; the first successful run (rate(15 minutes)) is due by ${hoursAgo(10 / 60 - 35 / 60).toISOString()}`,
      });
    });

    it('fails a first run that errored, and a first run overdue', async () => {
      expect(await newCleanup(10, 1)).toMatchObject({ status: 'FAIL', evidence: expect.stringMatching(/1 error\(s\) in that time/) });
      expect((await newCleanup(40, 0)).status).toBe('FAIL');
    });
  });
});
