// The minimal RESP client testSecret uses, against a real redis-server over TLS with ACL users.
import { type AddressInfo, createServer } from 'node:net';
import { authenticates, RedisConnection } from '../../../lambdas/redis-rotation/redis-auth';
import { RedisReplyError } from '../../../lambdas/shared/resp';
import { type RedisTestServer, startRedis } from '../../support/redis';

const PASSWORD = 'Q7v!k2#Lm9$xR4^t8<Wz>-pN3sD6fH1jB5cG0aE';
let redis: RedisTestServer;
beforeAll(async () => {
  redis = await startRedis();
  await redis.admin(['ACL', 'SETUSER', 'app', 'reset', 'on', '~*', '+@all', `>${PASSWORD}`]);
  await redis.admin(['ACL', 'SETUSER', 'disabled', 'reset', 'off', '~*', '+@all', `>${PASSWORD}`]);
});
afterAll(() => redis?.stop());

describe('authenticates', () => {
  it('is true for the right password, false on WRONGPASS (wrong password, unknown or disabled user)', async () => {
    expect(await authenticates(redis.endpoint, 'app', PASSWORD)).toBe(true);
    expect(await authenticates(redis.endpoint, 'app', `${PASSWORD}x`)).toBe(false);
    expect(await authenticates(redis.endpoint, 'nobody', PASSWORD)).toBe(false);
    expect(await authenticates(redis.endpoint, 'disabled', PASSWORD)).toBe(false);
  });

  it('throws when it proves nothing: unreachable, untrusted certificate, no answer in time', async () => {
    await expect(authenticates({ ...redis.endpoint, port: 1 }, 'app', PASSWORD)).rejects.toThrow('ECONNREFUSED');
    await expect(authenticates({ ...redis.endpoint, ca: undefined }, 'app', PASSWORD)).rejects.toThrow('self-signed certificate');
    // A listener that never answers the TLS handshake.
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      await expect(authenticates({ ...redis.endpoint, port, timeoutMs: 200 }, 'app', PASSWORD)).rejects.toThrow(
        `no answer from Redis at 127.0.0.1:${port} within 200 ms`,
      );
    } finally {
      silent.close();
    }
  });
});

describe('RedisConnection', () => {
  it('reads simple, bulk, integer and error replies in order', async () => {
    const connection = await RedisConnection.open(redis.endpoint);
    try {
      expect(await connection.command(['AUTH', 'app', PASSWORD])).toBe('OK');
      expect(await connection.command(['ACL', 'WHOAMI'])).toBe('app');
      expect(await connection.command(['SET', 'k', 'v'.repeat(100_000)])).toBe('OK');
      expect(await connection.command(['GET', 'k'])).toBe('v'.repeat(100_000));
      expect(await connection.command(['GET', 'missing'])).toBeNull();
      expect(await connection.command(['INCR', 'n'])).toBe(1);
      await expect(connection.command(['NOSUCHCOMMAND'])).rejects.toThrow(RedisReplyError);
      expect(await connection.command(['PING'])).toBe('PONG');
    } finally {
      connection.close();
    }
  });
});
