// Entry point of the reference app's container (CMD node server.js).
import { taskCredentials } from './aws-credentials';
import { createPool } from './database';
import { RedisClient } from './redis';
import { createApp } from './server';
import { serverSettings, SettingsError } from './settings';

/** Margin between the end of draining and ECS's SIGKILL, for closing pools and exiting. */
const EXIT_MARGIN_MS = 5000;

async function main(): Promise<void> {
  const settings = serverSettings(process.env);
  const pool = createPool(settings.database, { credentials: taskCredentials() });
  const cache = new RedisClient(settings.cache);
  const app = createApp({
    healthPath: settings.healthPath,
    pool,
    cache,
    drainTimeoutMs: Math.max(1000, settings.stopTimeoutSeconds * 1000 - EXIT_MARGIN_MS),
  });
  const address = await app.listen(settings.port, settings.host);
  console.log(JSON.stringify({ level: 'info', message: 'listening', port: address.port }));
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      app.shutdown().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

main().catch((error: Error) => {
  // A configuration problem is one readable message, not a stack trace.
  console.error(error instanceof SettingsError ? error.message : error.stack);
  process.exit(1);
});
