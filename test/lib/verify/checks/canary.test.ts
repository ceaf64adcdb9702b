import { GetCanaryCommand, GetCanaryRunsCommand } from '@aws-sdk/client-synthetics';
import { checkCanary } from '../../../../lib/verify/checks/canary';
import { NAMES, NOW, createdAt, hoursAgo, liveEnvironment, prodInventory } from '../fixture';

async function canary(setup: (mocks: ReturnType<typeof liveEnvironment>['mocks']) => void = () => undefined) {
  const { clients, mocks } = liveEnvironment();
  setup(mocks);
  const [result] = await checkCanary(clients.synthetics, await prodInventory(clients), 5, NOW);
  return result;
}

describe('CL-OBS-3 uptime canary as deployed', () => {
  it('passes a running canary whose last run passed recently', async () => {
    expect(await canary()).toMatchObject({ status: 'PASS', check: `uptime canary ${NAMES.canary}`, evidence: 'last run PASSED 3 minutes ago (runs every 5 minutes)', at: hoursAgo(0.05).toISOString() });
  });

  it('is not applicable without a domain (no canary is deployed)', async () => {
    const { clients } = liveEnvironment();
    const [result] = await checkCanary(clients.synthetics, await prodInventory(clients), undefined, NOW);
    expect(result).toMatchObject({ status: 'N/A', evidence: expect.stringMatching(/observability\.canary\.domain/) });
  });

  it.each([
    ['stopped', (m: any) => m.synthetics.on(GetCanaryCommand).resolves({ Canary: { Status: { State: 'STOPPED', StateReason: 'stopped by hand' } } }), /canary is STOPPED \(stopped by hand\), not RUNNING/],
    ['failing', (m: any) => m.synthetics.on(GetCanaryRunsCommand).resolves({ CanaryRuns: [{ Status: { State: 'FAILED', StateReason: 'HTTP 503' }, Timeline: { Started: hoursAgo(0.1) } }] }), /last run FAILED: HTTP 503/],
    ['silent for hours', (m: any) => m.synthetics.on(GetCanaryRunsCommand).resolves({ CanaryRuns: [{ Status: { State: 'PASSED' }, Timeline: { Started: hoursAgo(3), Completed: hoursAgo(3) } }] }), /last run passed 180 minutes ago, but it runs every 5 minutes/],
    ['never run', (m: any) => m.synthetics.on(GetCanaryRunsCommand).resolves({ CanaryRuns: [] }), /has not run yet/],
  ])('fails a canary that is %s', async (_label, setup, evidence) => {
    expect(await canary(setup)).toMatchObject({ id: 'CL-OBS-3', status: 'FAIL', evidence: expect.stringMatching(evidence), fix: expect.any(String) });
  });

  describe('a new environment (no history can exist yet)', () => {
    async function newCanary(ageMinutes: number, CanaryRuns: object[]) {
      const { clients, mocks, created } = liveEnvironment();
      createdAt(created, 'platform-prod', hoursAgo(ageMinutes / 60));
      mocks.synthetics.on(GetCanaryRunsCommand).resolves({ CanaryRuns });
      const [result] = await checkCanary(clients.synthetics, await prodInventory(clients), 5, NOW);
      return result;
    }

    it('is N/A before its first run is due (two intervals), saying when', async () => {
      expect(await newCanary(3, [])).toMatchObject({
        status: 'N/A',
        evidence: `stack platform-prod-monitoring created 3 min ago; the first run (every 5 minutes) is due by ${hoursAgo(3 / 60 - 15 / 60).toISOString()}`,
      });
    });

    it('fails a failed first run, and a first run overdue', async () => {
      expect(await newCanary(3, [{ Status: { State: 'FAILED', StateReason: 'HTTP 503' }, Timeline: { Started: hoursAgo(0.01) } }])).toMatchObject({ status: 'FAIL', evidence: 'last run FAILED: HTTP 503' });
      expect(await newCanary(16, [])).toMatchObject({ status: 'FAIL', evidence: 'the canary has not run yet' });
    });
  });
});
