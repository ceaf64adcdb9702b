// Connecting a Lambda to PostgreSQL through RDS Proxy with IAM authentication over verified TLS.
// The job never sends a password: its Secrets Manager secret (RDS DatabaseSecret JSON) is read only for the
// CURRENT username, because alternating-users rotation flips it between e.g. `session_cleanup` and
// `session_cleanup_clone`; the proxy then gets a short-lived IAM token for that user. RDS Proxy holds one user per
// secret and picks up a flip on its own schedule, so right after a flip it may know either name; both names'
// passwords stay valid for a whole rotation period. The username is cached across warm invocations; on an
// authentication failure the connector re-reads the secret and tries its name, then the other name of the pair,
// so a rotation never breaks the job (test/lambdas/shared/proxy-connection.rotation.test.ts).
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Client, ClientConfig } from 'pg';
import type { ConnectionOptions } from 'node:tls';
import { AuthTokenRequest, credentialsFromEnv, generateAuthToken } from './iam-auth-token';

export type { AuthTokenRequest } from './iam-auth-token';

/** pg error codes for a refused login: invalid_password, invalid_authorization_specification. */
const AUTH_FAILURE_CODES = new Set(['28P01', '28000']);

export interface ProxyConnectionSettings {
  /** ARN of the job's database secret (JSON with at least "username"). */
  secretArn: string;
  /** RDS Proxy endpoint (the token is signed for this host and port). */
  hostname: string;
  port: number;
  database: string;
  region: string;
  /** TLS settings; default verifies the proxy certificate against Node's CA store (Amazon roots). */
  ssl?: ConnectionOptions;
  connectionTimeoutMillis?: number;
  secretsManager: SecretsManagerClient;
  /** Defaults to a SigV4 token signed with the Lambda role's credentials (see iam-auth-token.ts). */
  signAuthToken?: (request: AuthTokenRequest) => Promise<string>;
  /** Defaults to a new pg Client, connected, with an 'error' listener so a dropped connection cannot crash the process. */
  connect?: (config: ClientConfig) => Promise<Client>;
}

export interface ProxyConnector {
  /** A connected client as the secret's current user; the caller ends it. */
  connect(): Promise<Client>;
}

export class ProxyConnectionError extends Error {
  override readonly name = 'ProxyConnectionError';
}

export function createProxyConnector(settings: ProxyConnectionSettings): ProxyConnector {
  const sign = settings.signAuthToken ?? (async (request: AuthTokenRequest) => generateAuthToken(request, credentialsFromEnv()));
  const open = settings.connect ?? connectClient;
  let cachedUsername: Promise<string> | undefined;

  const username = (refresh: boolean): Promise<string> => {
    if (refresh || !cachedUsername) {
      const read = readUsername(settings.secretsManager, settings.secretArn);
      // A failed read must not stick in the cache for later invocations.
      read.catch(() => { if (cachedUsername === read) cachedUsername = undefined; });
      cachedUsername = read;
    }
    return cachedUsername;
  };

  const attempt = async (user: string): Promise<Client> => {
    const password = await sign({ hostname: settings.hostname, port: settings.port, username: user, region: settings.region });
    return open({
      host: settings.hostname,
      port: settings.port,
      database: settings.database,
      user,
      password,
      ssl: settings.ssl ?? { rejectUnauthorized: true },
      connectionTimeoutMillis: settings.connectionTimeoutMillis ?? 10_000,
    });
  };

  return {
    async connect(): Promise<Client> {
      const first = await username(false);
      try {
        return await attempt(first);
      } catch (error) {
        if (!isAuthFailure(error)) throw error;
      }
      // The cached name may be the one rotation just retired (re-read the secret), or the proxy may not have
      // picked up the flip yet (the other name). Each is tried once.
      const current = await username(true);
      const candidates = [...new Set([current, alternateUsername(current)])].filter((u) => u !== first);
      for (const [i, user] of candidates.entries()) {
        try {
          return await attempt(user);
        } catch (error) {
          if (!isAuthFailure(error) || i === candidates.length - 1) throw error;
        }
      }
      throw new ProxyConnectionError(`unreachable: ${first} has no alternate name`);
    },
  };
}

/** The other name of an alternating-users pair: `app` <-> `app_clone`. */
export function alternateUsername(username: string): string {
  return username.endsWith('_clone') ? username.slice(0, -'_clone'.length) : `${username}_clone`;
}

async function readUsername(secretsManager: SecretsManagerClient, secretArn: string): Promise<string> {
  const { SecretString } = await secretsManager.send(new GetSecretValueCommand({ SecretId: secretArn }));
  let parsed: unknown;
  try {
    parsed = JSON.parse(SecretString ?? '');
  } catch {
    throw new ProxyConnectionError(`secret ${secretArn} is not JSON: store it in the RDS DatabaseSecret format ({"username": ..., ...})`);
  }
  const name = (parsed as { username?: unknown } | null)?.username;
  if (typeof name !== 'string' || name === '') {
    throw new ProxyConnectionError(`secret ${secretArn} has no "username" string: store it in the RDS DatabaseSecret format`);
  }
  return name;
}

async function connectClient(config: ClientConfig): Promise<Client> {
  const client = new Client(config);
  client.on('error', (error) => console.error(JSON.stringify({ message: 'database connection error', error: error.message })));
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return client;
}

export function isAuthFailure(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && AUTH_FAILURE_CODES.has(code);
}
