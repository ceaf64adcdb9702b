import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { checkSecretReplicas, checkSecretRotation, rotationDays } from '../../../../lib/verify/checks/secrets';
import { ARN, NOW, SIGNING_SECRETS, awsError, createdAt, daysAgo, hoursAgo, liveEnvironment, prodInventory } from '../fixture';

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

describe('CL-SEC-2 signing secret replicas (a recovery environment)', () => {
  const [name] = SIGNING_SECRETS;
  async function replica(answer: Record<string, unknown>) {
    const { clients, mocks } = liveEnvironment();
    mocks.secretsManager.on(DescribeSecretCommand, { SecretId: name }).resolves({ Name: name, ...answer });
    const results = await checkSecretReplicas({ replicas: clients.secretsManager, primaries: clients.secretsManagerIn('eu-west-1') }, { names: [name], home: 'eu-west-1', region: 'eu-west-3' }, NOW);
    return { results, mocks };
  }

  it('passes a replica promoted to a standalone secret (after the recovery is declared) without asking the home region', async () => {
    const { results, mocks } = await replica({ LastChangedDate: daysAgo(1) });
    expect(results).toEqual([expect.objectContaining({ status: 'PASS', evidence: 'a standalone secret (promoted from its replica)', at: daysAgo(1).toISOString() })]);
    expect(mocks.secretsManagerHome.calls()).toHaveLength(0);
  });

  it('fails a replica of another region than the environment\'s', async () => {
    const { results } = await replica({ PrimaryRegion: 'us-east-1' });
    expect(results).toEqual([expect.objectContaining({ status: 'FAIL', evidence: 'a replica of us-east-1, not of eu-west-1' })]);
  });

  it('lets a denied read of the primary through, so the run reports the missing permission', async () => {
    const { clients, mocks } = liveEnvironment();
    mocks.secretsManagerHome.on(DescribeSecretCommand).rejects(awsError('AccessDeniedException'));
    await expect(
      checkSecretReplicas({ replicas: clients.secretsManager, primaries: clients.secretsManagerIn('eu-west-1') }, { names: [name], home: 'eu-west-1', region: 'eu-west-3' }, NOW),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  describe('a new environment (no history can exist yet)', () => {
    // The master secret is not rotated on deploy (lib/constructs/database-users.ts): its first rotation is scheduled.
    async function newSecret(ageDays: number, answer: Record<string, unknown>) {
      const { clients, mocks, created } = liveEnvironment();
      createdAt(created, 'platform-prod', daysAgo(ageDays));
      mocks.secretsManager.on(DescribeSecretCommand, { SecretId: ARN.masterSecret }).resolves({ ARN: ARN.masterSecret, Name: 'master', RotationEnabled: true, RotationRules: { AutomaticallyAfterDays: 30 }, ...answer });
      const results = await checkSecretRotation(clients.secretsManager, await prodInventory(clients), NOW);
      return results.find((r) => r.check.startsWith('secret rotation master'))!;
    }

    it('is N/A for a secret not rotated yet until its first rotation is due (its period + 1 day), saying when', async () => {
      expect(await newSecret(2 / 24, {})).toMatchObject({
        status: 'N/A',
        evidence: `stack platform-prod-data created 2 h ago; its first rotation (every 30 days) is due by ${hoursAgo(2 - 31 * 24).toISOString()}`,
      });
    });

    it('fails a first rotation that did not finish, and a first rotation overdue', async () => {
      expect(await newSecret(2 / 24, { VersionIdsToStages: { v2: ['AWSPENDING'], v1: ['AWSCURRENT'] } })).toMatchObject({
        status: 'FAIL',
        evidence: 'the last rotation did not finish: version v2 is still AWSPENDING (last completed rotation never)',
      });
      expect(await newSecret(32, {})).toMatchObject({ status: 'FAIL', evidence: 'rotation every 30 days is on, but the secret has never rotated' });
    });
  });
});
