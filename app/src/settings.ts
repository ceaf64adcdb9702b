// The platform's container contract (docs/service-tier.md §1) read from the environment, every problem
// reported at once, naming the variable. Secrets (DATABASE_USER, REDIS_USERNAME, REDIS_PASSWORD) arrive as
// ECS secrets, resolved at task start: the usernames are the ones the last rotation left current.

export interface DatabaseSettings {
  host: string;
  port: number;
  database: string;
  /** Current user of the database secret (alternating-users rotation: `app` or `app_clone`). */
  user: string;
  /** Schema of the app's tables: role settings such as search_path are not inherited by the rotation's clone user. */
  schema: string;
  region: string;
}

export interface CacheSettings {
  host: string;
  port: number;
  username: string;
  password: string;
}

export interface ServerSettings {
  host: string;
  port: number;
  healthPath: string;
  /** Seconds ECS waits after SIGTERM before SIGKILL; the app must be gone before. */
  stopTimeoutSeconds: number;
  database: DatabaseSettings;
  cache: CacheSettings;
}

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

function reader(env: NodeJS.ProcessEnv) {
  const problems: string[] = [];
  const text = (name: string, fallback?: string): string => {
    const value = env[name]?.trim() || fallback;
    if (!value) problems.push(`${name} is not set`);
    return value ?? '';
  };
  const int = (name: string, fallback?: number): number => {
    const raw = env[name]?.trim();
    if (!raw && fallback !== undefined) return fallback;
    const value = Number(raw);
    if (!raw || !Number.isInteger(value) || value < 1) problems.push(`${name} must be a positive integer, got ${JSON.stringify(raw ?? null)}`);
    return value;
  };
  const expect = (name: string, allowed: string): void => {
    if (env[name] !== allowed) problems.push(`${name} must be "${allowed}" (the platform requires it), got ${JSON.stringify(env[name] ?? null)}`);
  };
  const done = () => {
    if (problems.length) throw new SettingsError(`invalid container environment:\n- ${problems.join('\n- ')}`);
  };
  return { text, int, expect, done };
}

/** The database settings shared by the server and the migrator. */
export function databaseSettings(env: NodeJS.ProcessEnv): DatabaseSettings {
  const r = reader(env);
  const settings = databaseFrom(r);
  r.done();
  return settings;
}

function databaseFrom(r: ReturnType<typeof reader>): DatabaseSettings {
  // The proxy accepts nothing else: fail at start, not at the first query.
  r.expect('DATABASE_SSL', 'verify-full');
  r.expect('DATABASE_AUTH', 'iam');
  return {
    host: r.text('DATABASE_HOST'),
    port: r.int('DATABASE_PORT', 5432),
    database: r.text('DATABASE_NAME'),
    user: r.text('DATABASE_USER'),
    schema: r.text('DATABASE_SCHEMA'),
    region: r.text('AWS_REGION'),
  };
}

export function serverSettings(env: NodeJS.ProcessEnv): ServerSettings {
  const r = reader(env);
  const database = databaseFrom(r);
  r.expect('REDIS_TLS', 'true');
  const settings: ServerSettings = {
    host: r.text('HOSTNAME', '0.0.0.0'),
    port: r.int('PORT', 3000),
    healthPath: r.text('HEALTH_CHECK_PATH', '/api/health'),
    stopTimeoutSeconds: r.int('STOP_TIMEOUT_SECONDS', 30),
    database,
    cache: {
      host: r.text('REDIS_HOST'),
      port: r.int('REDIS_PORT', 6379),
      username: r.text('REDIS_USERNAME'),
      password: r.text('REDIS_PASSWORD'),
    },
  };
  r.done();
  return settings;
}
