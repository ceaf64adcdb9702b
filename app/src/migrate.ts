// Entry point of the migrator task (CMD node migrate.js): applies app/migrations as the migrator role through
// RDS Proxy (IAM token, verified TLS), exits 0 when the schema is current and 1 on any failure, which fails
// the deploy (scripts/run-migrations.sh).
import { join } from 'node:path';
import { Client } from 'pg';
import { generateAuthToken } from '../../lambdas/shared/iam-auth-token';
import { taskCredentials } from './aws-credentials';
import { migrate, readMigrations } from './migrations';
import { databaseSettings, SettingsError } from './settings';

const log = (entry: Record<string, unknown>) => console.log(JSON.stringify({ time: new Date().toISOString(), ...entry }));

async function main(): Promise<void> {
  const settings = databaseSettings(process.env);
  const sessionCleanupRole = process.env.SESSION_CLEANUP_ROLE?.trim();
  if (!sessionCleanupRole) throw new SettingsError('SESSION_CLEANUP_ROLE is not set (the role the session tables are granted to)');
  const credentials = taskCredentials();
  const client = new Client({
    host: settings.host,
    port: settings.port,
    database: settings.database,
    user: settings.user,
    password: async () =>
      generateAuthToken({ hostname: settings.host, port: settings.port, username: settings.user, region: settings.region }, await credentials()),
    ssl: { rejectUnauthorized: true },
    connectionTimeoutMillis: 10_000,
  });
  await client.connect();
  try {
    // The bundle sits next to the migrations directory in the image (/app/migrate.js, /app/migrations).
    const applied = await migrate(client, {
      schema: settings.schema,
      migrations: readMigrations(join(__dirname, 'migrations')),
      variables: { session_cleanup_role: sessionCleanupRole },
      log,
    });
    log({ level: 'info', message: applied.length ? 'migrations applied' : 'schema already current', applied });
  } finally {
    await client.end();
  }
}

main().catch((error: Error) => {
  console.error(JSON.stringify({ level: 'error', message: error instanceof SettingsError ? error.message : error.stack }));
  process.exit(1);
});
