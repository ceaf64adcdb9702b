// The reference app's HTTP server: the health path (database and cache state), a plain page, and graceful
// shutdown. ECS deregisters the task from the ALB before it sends SIGTERM, so on SIGTERM the server stops
// accepting, lets in-flight requests finish, closes the pools and exits before the stop timeout.
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pool } from 'pg';
import { checkHealth } from './health';
import type { RedisClient } from './redis';

export interface AppOptions {
  healthPath: string;
  pool: Pool;
  cache: RedisClient;
  /** Longest time shutdown waits for in-flight requests before closing them. */
  drainTimeoutMs: number;
  log?: (entry: Record<string, unknown>) => void;
}

export interface App {
  server: Server;
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Stops accepting, drains in-flight requests (at most drainTimeoutMs), closes the pools. Idempotent. */
  shutdown(): Promise<void>;
}

const defaultLog = (entry: Record<string, unknown>) => console.log(JSON.stringify({ time: new Date().toISOString(), ...entry }));

export function createApp(options: AppOptions): App {
  const log = options.log ?? defaultLog;
  let stopping: Promise<void> | undefined;

  const send = (res: ServerResponse, status: number, body: unknown): void => {
    const json = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      'content-length': Buffer.byteLength(json),
      // While draining, keep-alive clients must not send more requests on this connection.
      ...(stopping ? { connection: 'close' } : {}),
    });
    res.end(json);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'method not allowed' });
    if (path === options.healthPath) {
      const report = await checkHealth(options.pool, options.cache);
      if (report.status !== 'ok') log({ level: 'warn', message: 'health check degraded', ...report });
      return send(res, report.status === 'ok' ? 200 : 503, report);
    }
    if (path === '/') return send(res, 200, { service: 'platform reference app', health: options.healthPath });
    return send(res, 404, { error: 'not found' });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      log({ level: 'error', message: 'request failed', error: error.message });
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });

  const shutdown = (): Promise<void> => {
    stopping ??= (async () => {
      log({ level: 'info', message: 'shutting down: draining in-flight requests' });
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => { timer = setTimeout(resolve, options.drainTimeoutMs); });
      await Promise.race([closed, deadline]);
      clearTimeout(timer);
      server.closeAllConnections();
      await Promise.allSettled([options.pool.end(), options.cache.close()]);
      log({ level: 'info', message: 'shut down' });
    })();
    return stopping;
  };

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve(server.address() as AddressInfo));
      }),
    shutdown,
  };
}
