// Scheduled session cleanup (CL-SES-1), every 15 minutes through RDS Proxy. Thin handler: configuration,
// connection and metrics; the work is in ./cleanup.ts.
//
// Environment:
//   DB_SECRET_ARN      ARN of the session_cleanup user's secret (RDS DatabaseSecret JSON: username, host, port,
//                      dbname, ...). Only "username" is read: alternating-users rotation flips it between
//                      session_cleanup and session_cleanup_clone. The password is never used (IAM auth).
//   DB_PROXY_ENDPOINT  RDS Proxy endpoint hostname (TLS and IAM authentication required by the proxy).
//   DB_PORT            Proxy port, default 5432.
//   DB_NAME            Database name.
//   CLEANUP_OPTIONS    Optional JSON object of cleanup options (see docs/session-cleanup.md), validated at cold
//                      start: a bad value fails the init with a message naming the field.
//   METRICS_NAMESPACE  CloudWatch namespace of the EMF metrics, e.g. Platform/prod/SessionCleanup.
//   AWS_REGION         Set by Lambda; region the IAM auth token is signed for.
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Context } from 'aws-lambda';
import { createProxyConnector, ProxyConnector } from '../shared/proxy-connection';
import { cleanupSessions, CleanupOptions, CleanupReport, validateCleanupOptions } from './cleanup';
import { cleanupMetricsEmf } from './metrics';

export interface CleanupConfig {
  secretArn: string;
  hostname: string;
  port: number;
  database: string;
  region: string;
  namespace: string;
  options: Partial<CleanupOptions>;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads and checks the environment; every problem is reported at once, naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv): CleanupConfig {
  const problems: string[] = [];
  const required = (name: string): string => {
    const value = env[name]?.trim();
    if (!value) problems.push(`${name} is not set`);
    return value ?? '';
  };
  const secretArn = required('DB_SECRET_ARN');
  const hostname = required('DB_PROXY_ENDPOINT');
  const database = required('DB_NAME');
  const namespace = required('METRICS_NAMESPACE');
  const region = required('AWS_REGION');
  const port = Number(env.DB_PORT?.trim() || '5432');
  if (!Number.isInteger(port) || port < 1 || port > 65535) problems.push(`DB_PORT must be a port number (1-65535), got ${JSON.stringify(env.DB_PORT)}`);

  let options: Partial<CleanupOptions> = {};
  const raw = env.CLEANUP_OPTIONS?.trim();
  if (raw) {
    try {
      const parsed: unknown = JSON.parse(raw);
      validateCleanupOptions(parsed);
      options = parsed as Partial<CleanupOptions>;
    } catch (error) {
      problems.push(`CLEANUP_OPTIONS ${error instanceof SyntaxError ? `is not valid JSON (${error.message})` : `is invalid: ${(error as Error).message}`}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(`session-cleanup configuration error:\n- ${problems.join('\n- ')}`);
  return { secretArn, hostname, port, database, region, namespace, options };
}

export type CleanupHandler = (event: unknown, context: Pick<Context, 'getRemainingTimeInMillis'>) => Promise<CleanupReport>;

/**
 * Connects, runs one cleanup with Lambda's remaining time as the deadline, logs the report as EMF metrics.
 * Throws on real failures (so the on-failure destination and the error alarm see them), not on a run
 * skipped because another one holds the lock.
 */
export function createCleanupHandler(deps: { connector: ProxyConnector; options: Partial<CleanupOptions>; namespace: string; log?: (line: string) => void }): CleanupHandler {
  const log = deps.log ?? ((line: string) => console.log(line));
  return async (_event, context) => {
    const client = await deps.connector.connect();
    try {
      const report = await cleanupSessions(client, { ...deps.options, remainingTimeMs: () => context.getRemainingTimeInMillis() });
      log(JSON.stringify(cleanupMetricsEmf(report, deps.namespace, Date.now())));
      return report;
    } finally {
      await client.end().catch(() => undefined);
    }
  };
}

const config = loadConfig(process.env);
const secretsManager = new SecretsManagerClient({ region: config.region });

export const handler: CleanupHandler = createCleanupHandler({
  connector: createProxyConnector({ ...config, secretsManager }),
  options: config.options,
  namespace: config.namespace,
});
