// What the health path reports: whether the database and the cache answer, each within a deadline. The
// container health check, the ALB and the uptime canary all read it; any dependency down means 503.
import type { Pool } from 'pg';
import type { RedisClient } from './redis';

export interface DependencyState {
  ok: boolean;
  latencyMs: number;
  /** Why the check failed (never a secret: connection errors name hosts and codes only). */
  error?: string;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  database: DependencyState;
  cache: DependencyState;
}

async function timed(check: () => Promise<unknown>, timeoutMs: number): Promise<DependencyState> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs); }),
    ]);
    return { ok: true, latencyMs: Date.now() - started };
  } catch (error) {
    return { ok: false, latencyMs: Date.now() - started, error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkHealth(pool: Pool, cache: RedisClient, timeoutMs = 2000): Promise<HealthReport> {
  const [database, redis] = await Promise.all([
    timed(() => pool.query('SELECT 1'), timeoutMs),
    timed(async () => {
      const reply = await cache.command('PING');
      if (reply !== 'PONG') throw new Error(`unexpected PING reply ${JSON.stringify(reply)}`);
    }, timeoutMs),
  ]);
  return { status: database.ok && redis.ok ? 'ok' : 'degraded', database, cache: redis };
}
