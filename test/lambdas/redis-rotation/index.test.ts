// The thin handler wires module-scope Secrets Manager and ElastiCache clients to the core.
import type { SecretsManagerRotationEventStep } from 'aws-lambda';
import { ElastiCacheUserModel } from '../../support/elasticache-user-model';
import { ROTATION_STEPS, SecretsManagerModel } from '../../support/secrets-manager-model';

it('redis-rotation handler rotates the user with the environment settings', async () => {
  process.env.AWS_REGION = 'eu-west-1';
  process.env.PASSWORD_LENGTH = '100';
  process.env.USER_POLL_INTERVAL_MS = '1';
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const p0 = 'p'.repeat(64);
  const secret = new SecretsManagerModel('platform/dev/redis-app', JSON.stringify({ username: 'app', password: p0, userId: 'dev-app' }));
  const user = new ElastiCacheUserModel('dev-app', p0);
  const stubs = [secret.serve(), user.serve()];
  try {
    const { handler } = await import('../../../lambdas/redis-rotation/index');
    const token = secret.startRotation();
    for (const Step of ROTATION_STEPS as readonly SecretsManagerRotationEventStep[]) {
      await handler({ SecretId: secret.arn, ClientRequestToken: token, Step });
    }
    const current = JSON.parse(secret.valueAt('AWSCURRENT')!).password as string;
    expect(current).toHaveLength(100);
    expect(user.accepts(current)).toBe(true);
    expect(user.accepts(p0)).toBe(true);
  } finally {
    stubs.forEach((s) => s.restore());
  }
});
