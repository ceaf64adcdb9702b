import { GetCanaryCommand, GetCanaryRunsCommand } from '@aws-sdk/client-synthetics';
import { checkCanary } from '../../../../lib/verify/checks/canary';
import { NAMES, NOW, hoursAgo, liveEnvironment, prodInventory } from '../fixture';

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
});
