import { BUILT_IN_CONFIGS } from '../../../config';
import { accepted, problemsOf, withField } from '../../support/config-fields';

describe('config: cache section', () => {
  it('defaults to Redis OSS 7.1 on the non-default port 6380, one node, daily snapshots kept 1 day, 30-day rotation', () => {
    const { cache } = accepted('dev', withField('dev', 'cache', undefined));
    expect(cache).toEqual({
      engine: 'redis',
      engineVersion: '7.1',
      nodeType: 'cache.t4g.micro',
      replicas: 0,
      port: 6380,
      snapshotRetentionDays: 1,
      snapshotWindow: '03:00-04:00',
      maintenanceWindow: 'sun:05:00-sun:06:00',
      logRetentionDays: 30,
      passwordRotationDays: 30,
    });
  });

  it('gives prod replicas (failover, Multi-AZ) and a week of snapshots; dev none (CL-RED-2)', () => {
    expect(accepted('prod', BUILT_IN_CONFIGS.prod).cache).toMatchObject({ replicas: 2, snapshotRetentionDays: 7 });
    expect(accepted('dev', BUILT_IN_CONFIGS.dev).cache).toMatchObject({ replicas: 0, nodeType: 'cache.t4g.micro' });
  });

  it.each([
    ['replicas', 0, /cache.replicas: got 0; prod requires >= 1 because .*automatic failover and Multi-AZ/],
    ['snapshotRetentionDays', 3, /cache.snapshotRetentionDays: got 3; prod requires >= 7/],
  ])('refuses a prod cache with %s = %j (prod floor)', (field, value, message) => {
    expect(problemsOf('prod', withField('prod', `cache.${field}`, value)).join('\n')).toMatch(message);
  });

  it.each([
    ['passwordRotationDays', 120, /cache.passwordRotationDays: must be at most 90; got 120/],
    ['snapshotRetentionDays', 0, /cache.snapshotRetentionDays: must be at least 1; got 0/],
    ['engine', 'memcached', /cache.engine: must be one of "redis", "valkey"; got "memcached"/],
    ['engineVersion', '6.0', /cache.engineVersion: is too old for redis: RBAC users and engine-log delivery need Redis OSS 6.2\+/],
    ['nodeType', 't4g.micro', /cache.nodeType: must be a node type such as cache.r7g.large/],
    ['replicas', 6, /cache.replicas: must be at most 5; got 6/],
    ['snapshotWindow', '3-4', /cache.snapshotWindow: must be hh:mm-hh:mm/],
  ])('refuses cache.%s = %j', (field, value, message) => {
    expect(problemsOf('dev', withField('dev', `cache.${field}`, value)).join('\n')).toMatch(message);
  });

  it('refuses Valkey older than 7.2 but accepts Valkey 8.0', () => {
    expect(problemsOf('dev', withField('dev', 'cache', { engine: 'valkey', engineVersion: '7.1' })).join('\n')).toMatch(/Valkey 7.2\+/);
    expect(accepted('dev', withField('dev', 'cache', { engine: 'valkey', engineVersion: '8.0' })).cache.engine).toBe('valkey');
  });
});
