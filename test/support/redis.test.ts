// The Redis harness never skips: without redis-server the tests fail and say how to install it.
import { startRedis } from './redis';

it('fails with the install line when redis-server is missing', async () => {
  const path = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    await expect(startRedis()).rejects.toThrow('redis-server not found (spawnSync redis-server ENOENT): the Redis tests run against a real redis-server 7: install it with "apt-get install -y redis-server"');
  } finally {
    process.env.PATH = path;
  }
});

it('starts a server with the default user off, as on ElastiCache, and stops it', async () => {
  const redis = await startRedis();
  try {
    expect(await redis.admin(['ACL', 'WHOAMI'])).toBe('admin');
    expect(await redis.accepts('default', '')).toBe(false);
  } finally {
    await redis.stop();
  }
  await expect(redis.accepts('admin', 'x')).rejects.toThrow('ECONNREFUSED');
});
