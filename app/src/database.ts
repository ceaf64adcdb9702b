// PostgreSQL through RDS Proxy: verified TLS, and for every new connection a fresh 15-minute IAM token for
// the current database user instead of a password (the proxy requires both). The token signer is the one
// the Lambdas use (lambdas/shared/iam-auth-token.ts), fed with the task role's credentials.
import type { ConnectionOptions } from 'node:tls';
import { Pool } from 'pg';
import { generateAuthToken } from '../../lambdas/shared/iam-auth-token';
import type { CredentialsProvider } from './aws-credentials';
import type { DatabaseSettings } from './settings';

export interface PoolOptions {
  /** The login secret for a new connection. @default an IAM auth token signed with `credentials` */
  password?: () => Promise<string>;
  credentials?: CredentialsProvider;
  /** TLS options on top of verified TLS (tests pass their CA). */
  tls?: ConnectionOptions;
  /** @default 10 */
  max?: number;
}

export function createPool(settings: DatabaseSettings, options: PoolOptions = {}): Pool {
  const { credentials } = options;
  const password =
    options.password ??
    (async () => {
      if (!credentials) throw new Error('createPool: give credentials (IAM token) or password');
      const request = { hostname: settings.host, port: settings.port, username: settings.user, region: settings.region };
      return generateAuthToken(request, await credentials());
    });
  const pool = new Pool({
    host: settings.host,
    port: settings.port,
    database: settings.database,
    user: settings.user,
    password,
    ssl: { rejectUnauthorized: true, ...options.tls },
    max: options.max ?? 10,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client dropped by the proxy or a failover must not crash the process; the pool replaces it.
  pool.on('error', (error) => console.error(JSON.stringify({ level: 'warn', message: 'idle database connection lost', error: error.message })));
  return pool;
}
