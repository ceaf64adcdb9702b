// A real redis-server (Debian package `redis-server`) for one test file: TLS only, on a free loopback port,
// with a self-signed certificate for localhost made by openssl, and the ACL users the test asks for. The
// default user is switched off, as on ElastiCache with RBAC, unless the test keeps it.
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';

export interface RedisAclUser {
  username: string;
  password: string;
  /** ACL rules in ElastiCache's access-string form (they are Redis ACL rules). @default 'on ~* &* +@all' */
  accessString?: string;
}

export interface TestRedisServer {
  host: string;
  port: number;
  /** PEM of the self-signed certificate: pass it as the TLS `ca` to verify the server. */
  ca: string;
  stop(): Promise<void>;
}

export interface TestRedisOptions {
  users: readonly RedisAclUser[];
  /** Keep the passwordless default user (off by default, as on ElastiCache RBAC). @default false */
  keepDefaultUser?: boolean;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves once a TLS handshake with the server succeeds (it listens), or fails after `timeoutMs`. */
async function waitForTls(port: number, ca: string, child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port, ca, servername: 'localhost' }, () => { socket.end(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not accept TLS on port ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startRedisServer(options: TestRedisOptions): Promise<TestRedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'platform-redis-'));
  const cert = join(dir, 'server.crt');
  const key = join(dir, 'server.key');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' });
  const port = await freePort();
  const users = options.users.map((u) => `user ${u.username} >${u.password} ${u.accessString ?? 'on ~* &* +@all'}`);
  writeFileSync(join(dir, 'redis.conf'), [
    'bind 127.0.0.1',
    'port 0',
    `tls-port ${port}`,
    `tls-cert-file ${cert}`,
    `tls-key-file ${key}`,
    'tls-auth-clients no',
    `dir ${dir}`,
    'save ""',
    'appendonly no',
    ...(options.keepDefaultUser ? [] : ['user default off']),
    ...users,
    '',
  ].join('\n'));
  const child = spawn('redis-server', [join(dir, 'redis.conf')], { stdio: 'ignore' });
  const spawnError = new Promise<never>((_, reject) => child.once('error', (e) => reject(new Error(`cannot start redis-server (apt-get install -y redis-server): ${e.message}`))));
  const ca = readFileSync(cert, 'utf8');
  await Promise.race([waitForTls(port, ca, child), spawnError]);
  return {
    host: 'localhost',
    port,
    ca,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
