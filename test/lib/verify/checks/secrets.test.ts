import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { checkSecretRotation, rotationDays } from '../../../../lib/verify/checks/secrets';
import { ARN, NOW, daysAgo, liveEnvironment, prodInventory } from '../fixture';

async function rotation(answer: Record<string, unknown>) {
  const { clients, mocks } = liveEnvironment();
  mocks.secretsManager.on(DescribeSecretCommand, { SecretId: ARN.appUser }).resolves({ ARN: ARN.appUser, Name: 'app-user', ...answer });
  const results = await checkSecretRotation(clients.secretsManager, await prodInventory(clients), NOW);
  return { results, app: results.find((r) => r.check.startsWith('secret rotation app-user'))! };
}

describe('CL-SEC-2 secret rotation', () => {
  it('passes every secret of the data and secrets stacks rotated within its window', async () => {
    const { clients } = liveEnvironment();
    const results = await checkSecretRotation(clients.secretsManager, await prodInventory(clients), NOW);
    expect(results).toHaveLength(5);
    expect(results.every((r) => r.status === 'PASS' && r.evidence === 'last rotated 12.0 days ago, rotation every 30 days' && r.at === daysAgo(12).toISOString())).toBe(true);
  });

  it.each([
    ['rotation switched off', { RotationEnabled: false, LastRotatedDate: daysAgo(3) }, /^automatic rotation is off$/],
    ['on a cron schedule', { RotationEnabled: true, RotationRules: { ScheduleExpression: 'cron(0 4 1 * ? *)' }, LastRotatedDate: daysAgo(3) }, /rotation schedule cron\(0 4 1 \* \? \*\) is not every N days/],
    ['never rotated', { RotationEnabled: true, RotationRules: { AutomaticallyAfterDays: 30 } }, /has never rotated/],
    ['overdue', { RotationEnabled: true, RotationRules: { AutomaticallyAfterDays: 30 }, LastRotatedDate: daysAgo(32) }, /last rotated 32\.0 days ago, rotation every 30 days: overdue/],
    ['rotating less often than 90 days', { RotationEnabled: true, RotationRules: { ScheduleExpression: 'rate(120 days)' }, LastRotatedDate: daysAgo(3) }, /rotates every 120 days, more than 90/],
    [
      'stuck with a pending version (the last rotation failed)',
      { RotationEnabled: true, RotationRules: { AutomaticallyAfterDays: 30 }, LastRotatedDate: daysAgo(5), VersionIdsToStages: { v3: ['AWSPENDING'], v2: ['AWSCURRENT'] } },
      /the last rotation did not finish: version v3 is still AWSPENDING/,
    ],
  ])('fails a secret %s, naming the fix', async (_label, answer, evidence) => {
    const { results, app } = await rotation(answer);
    expect(app).toMatchObject({ id: 'CL-SEC-2', status: 'FAIL', evidence: expect.stringMatching(evidence), fix: expect.any(String) });
    expect(results.filter((r) => r.status === 'FAIL')).toHaveLength(1);
  });

  it('reads the window from AutomaticallyAfterDays or a rate(N days) schedule', () => {
    expect(rotationDays({ AutomaticallyAfterDays: 7 })).toBe(7);
    expect(rotationDays({ ScheduleExpression: 'rate(30 days)' })).toBe(30);
    expect(rotationDays({ ScheduleExpression: 'cron(0 4 1 * ? *)' })).toBeUndefined();
  });
});
