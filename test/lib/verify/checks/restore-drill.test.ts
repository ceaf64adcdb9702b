import { DescribeExecutionCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { checkRestoreDrill, drillWindowDays } from '../../../../lib/verify/checks/restore-drill';
import { ARN, NOW, createdAt, daysAgo, hoursAgo, liveEnvironment, prodInventory } from '../fixture';

const targets = { schedule: 'cron(0 3 1 * ? *)', maxRestoreSeconds: 7200, maxDataAgeSeconds: 900 };
const execution = (name: string, status: 'SUCCEEDED' | 'FAILED' | 'RUNNING' | 'TIMED_OUT', startedDaysAgo: number) => ({
  executionArn: `${ARN.drill}:${name}`,
  stateMachineArn: ARN.drill,
  name,
  status,
  startDate: daysAgo(startedDaysAgo),
  stopDate: status === 'RUNNING' ? undefined : daysAgo(startedDaysAgo - 0.1),
});

async function drill(setup: (mocks: ReturnType<typeof liveEnvironment>['mocks']) => void) {
  const { clients, mocks } = liveEnvironment();
  setup(mocks);
  const [result] = await checkRestoreDrill(clients.sfn, await prodInventory(clients), targets, NOW);
  return result;
}

describe('CL-DB-3 restore drill', () => {
  it('passes a successful drill within its schedule, with the RTO and RPO it measured', async () => {
    const result = await drill(() => undefined);
    expect(result).toMatchObject({ id: 'CL-DB-3', status: 'PASS', evidence: 'last run run-nov SUCCEEDED 29.0 days ago: RTO 1830 s, RPO 240 s (targets 7200 s / 900 s)', at: daysAgo(29).toISOString() });
  });

  it('judges the last finished run, not one still running', async () => {
    const result = await drill((m) => m.sfn.on(ListExecutionsCommand).resolves({ executions: [execution('run-dec', 'RUNNING', 0.1), execution('run-nov', 'SUCCEEDED', 29.1)] }));
    expect(result.status).toBe('PASS');
  });

  it.each([
    ['never ran', [], /has never finished a run/],
    ['last run failed', [execution('run-dec', 'FAILED', 1), execution('run-nov', 'SUCCEEDED', 30)], /last run run-dec ended FAILED/],
    ['timed out', [execution('run-dec', 'TIMED_OUT', 1)], /ended TIMED_OUT/],
    ['too long ago for a monthly schedule', [execution('run-sep', 'SUCCEEDED', 45)], /was 44\.9 days ago; the schedule \(cron\(0 3 1 \* \? \*\)\) allows 32/],
  ])('fails a drill that %s', async (_label, executions, evidence) => {
    const result = await drill((m) => m.sfn.on(ListExecutionsCommand).resolves({ executions }));
    expect(result).toMatchObject({ status: 'FAIL', evidence: expect.stringMatching(evidence), fix: expect.stringMatching(/start-execution|start one/) });
  });

  it.each([
    ['an RTO above target', { RestoreDurationSeconds: 9000, DataAgeSeconds: 240, DrillSucceeded: 1 }, /RTO above 7200 s/],
    ['an RPO above target', { RestoreDurationSeconds: 1800, DataAgeSeconds: 3600, DrillSucceeded: 1 }, /RPO above 900 s/],
    ['no metrics in its output', undefined, /has no RTO\/RPO metrics/],
  ])('fails a successful drill with %s', async (_label, metrics, evidence) => {
    const result = await drill((m) => m.sfn.on(DescribeExecutionCommand).resolves({ executionArn: 'x', stateMachineArn: ARN.drill, status: 'SUCCEEDED', startDate: daysAgo(29), output: JSON.stringify({ metrics }) }));
    expect(result).toMatchObject({ status: 'FAIL', evidence: expect.stringMatching(evidence) });
  });

  it('allows a rate schedule its period plus a day, a cron a month plus a day', () => {
    expect(drillWindowDays('rate(7 days)')).toBe(8);
    expect(drillWindowDays('cron(0 3 1 * ? *)')).toBe(32);
  });

  describe('a new environment (no history can exist yet)', () => {
    async function newDrill(ageDays: number, executions: ReturnType<typeof execution>[]) {
      const { clients, mocks, created } = liveEnvironment();
      createdAt(created, 'platform-prod', daysAgo(ageDays));
      mocks.sfn.on(ListExecutionsCommand).resolves({ executions });
      const [result] = await checkRestoreDrill(clients.sfn, await prodInventory(clients), targets, NOW);
      return result;
    }

    it('is N/A until the first run is due (a monthly cron: 32 days), saying when', async () => {
      expect(await newDrill(2 / 24, [])).toMatchObject({
        id: 'CL-DB-3',
        status: 'N/A',
        evidence: `stack platform-prod-operations created 2 h ago; the first drill run (cron(0 3 1 * ? *)) is due by ${hoursAgo(2 - 32 * 24).toISOString()}`,
      });
      expect((await newDrill(20, [execution('run-dec', 'RUNNING', 0.1)])).status).toBe('N/A');
    });

    it('fails a failed first run, and a first run overdue', async () => {
      expect(await newDrill(2, [execution('run-dec', 'FAILED', 1)])).toMatchObject({ status: 'FAIL', evidence: 'last run run-dec ended FAILED' });
      expect(await newDrill(33, [])).toMatchObject({ status: 'FAIL', evidence: 'the drill has never finished a run' });
    });
  });
});
