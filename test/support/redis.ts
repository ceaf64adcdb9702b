// Starts a real redis-server (the Debian package) for one test file: TLS only, on a free loopback port, with
// a self-signed certificate, the `default` user off (as on ElastiCache with RBAC), an `admin` user the tests use
// to set up ACL users, and the ACL users the test asks for. Stop it in afterAll.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authenticates, RedisConnection, type RedisEndpoint } from '../../lambdas/redis-rotation/redis-auth';

const INSTALL = 'the Redis tests run against a real redis-server 7: install it with "apt-get install -y redis-server"';

export interface RedisAclUser {
  username: string;
  password: string;
  /** ACL rules in ElastiCache's access-string form (they are Redis ACL rules). @default 'on ~* &* +@all' */
  accessString?: string;
}

export interface RedisTestServer {
  /** Where to connect, trusting the server's self-signed certificate. */
  endpoint: RedisEndpoint;
  /** Runs one command as the admin user. */
  admin(args: string[]): Promise<unknown>;
  /** Whether AUTH as this user with this password succeeds. */
  accepts(username: string, password: string): Promise<boolean>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function checkInstalled(): void {
  const version = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (version.error) throw new Error(`redis-server not found (${version.error.message}): ${INSTALL}`);
  const major = Number(/v=(\d+)\./.exec(version.stdout)?.[1]);
  if (!(major >= 7)) throw new Error(`redis-server reports "${version.stdout.trim()}": ${INSTALL}`);
}

export async function startRedis(options: { users?: readonly RedisAclUser[] } = {}): Promise<RedisTestServer> {
  checkInstalled();
  const dir = mkdtempSync(join(tmpdir(), 'platform-redis-'));
  const cert = join(dir, 'server.crt');
  const key = join(dir, 'server.key');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', cert],
    { stdio: 'ignore' },
  );
  const port = await freePort();
  const adminPassword = `admin-${Math.random().toString(36).slice(2)}`;
  writeFileSync(
    join(dir, 'redis.conf'),
    [
      'bind 127.0.0.1',
      'port 0',
      `tls-port ${port}`,
      `tls-cert-file ${cert}`,
      `tls-key-file ${key}`,
      `tls-ca-cert-file ${cert}`,
      'tls-auth-clients no',
      `dir ${dir}`,
      'save ""',
      'appendonly no',
      'user default off',
      `user admin on >${adminPassword} ~* &* +@all`,
      ...(options.users ?? []).map((u) => `user ${u.username} >${u.password} ${u.accessString ?? 'on ~* &* +@all'}`),
      '',
    ].join('\n'),
  );
  const server: ChildProcess = spawn('redis-server', [join(dir, 'redis.conf')], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  let output = '';
  server.stdout!.on('data', (d) => (output += d));
  server.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));

  const endpoint: RedisEndpoint = { host: '127.0.0.1', port, ca: readFileSync(cert, 'utf8'), timeoutMs: 5000 };
  const admin = async (args: string[]) => {
    const connection = await RedisConnection.open(endpoint);
    try {
      await connection.command(['AUTH', 'admin', adminPassword]);
      return await connection.command(args);
    } finally {
      connection.close();
    }
  };
  const stop = async () => {
    if (server.exitCode === null) server.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };

  for (let attempt = 0; ; attempt++) {
    try {
      await admin(['PING']);
      break;
    } catch (err) {
      if (server.exitCode !== null || attempt >= 100) {
        await stop();
        throw new Error(`redis-server did not start (${(err as Error).message}):\n${output}`, { cause: err });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return { endpoint, admin, accepts: (username, password) => authenticates(endpoint, username, password), stop };
}
