// The thin handler wires module-scope Secrets Manager and ElastiCache clients and the environment to the core.
// Against a real redis-server whose certificate is self-signed, testSecret must refuse to trust it: the handler
// verifies the cache's certificate with Node's default store (ElastiCache's chain to Amazon's public CAs).
import type { SecretsManagerRotationEventStep } from 'aws-lambda';
import { ElastiCacheUserModel } from '../../support/elasticache-user-model';
import { type RedisTestServer, startRedis } from '../../support/redis';
import { SecretsManagerModel } from '../../support/secrets-manager-model';

let redis: RedisTestServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis?.stop());

it('redis-rotation handler rotates the user with the environment settings and AUTHenticates over verified TLS', async () => {
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    PASSWORD_LENGTH: '100',
    USER_POLL_INTERVAL_MS: '1',
    REDIS_ENDPOINT: redis.endpoint.host,
    REDIS_PORT: String(redis.endpoint.port),
  });
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const p0 = 'p'.repeat(64);
  const secret = new SecretsManagerModel('platform/dev/redis-app', JSON.stringify({ username: 'app', password: p0, userId: 'dev-app' }));
  const user = new ElastiCacheUserModel('dev-app', p0);
  const stubs = [secret.serve(), user.serve()];
  try {
    const { handler } = await import('../../../lambdas/redis-rotation/index');
    const token = secret.startRotation();
    const step = (Step: SecretsManagerRotationEventStep) => handler({ SecretId: secret.arn, ClientRequestToken: token, Step });
    await step('createSecret');
    await step('setSecret');
    const pending = JSON.parse(secret.valueOfVersion(token)!).password as string;
    expect(pending).toHaveLength(100);
    expect(user.accepts(pending)).toBe(true);
    await expect(step('testSecret')).rejects.toThrow('self-signed certificate');
    expect(secret.versionAt('AWSCURRENT')).toBe(secret.initialVersionId);
  } finally {
    stubs.forEach((s) => s.restore());
  }
});
