// Just enough of a Redis connection (RESP2 over TLS, lambdas/shared/resp.ts) to prove that a username/password
// pair authenticates, without a client library in the Lambda bundle. Commands are sent one at a time.
import { isIP } from 'node:net';
import { connect, type TLSSocket } from 'node:tls';
import { encodeCommand, parseReply, RedisReplyError, type RespValue } from '../shared/resp';

export interface RedisEndpoint {
  host: string;
  port: number;
  /** PEM CA bundle to trust instead of Node's default store (ElastiCache's certificates chain to Amazon's public CAs). */
  ca?: string;
  /** Bound on connecting and on each reply. */
  timeoutMs: number;
}

export class RedisConnection {
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (reply: RespValue) => void; reject: (err: Error) => void } | undefined;
  private failure: Error | undefined;

  private constructor(private readonly socket: TLSSocket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.deliver();
    });
    const fail = (err: Error) => {
      this.failure = err;
      this.waiting?.reject(err);
      this.waiting = undefined;
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('Redis closed the connection')));
  }

  /** Opens a verified TLS connection (certificate and host name checked). */
  static open(endpoint: RedisEndpoint): Promise<RedisConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({
        host: endpoint.host,
        port: endpoint.port,
        servername: isIP(endpoint.host) ? undefined : endpoint.host,
        ca: endpoint.ca,
        rejectUnauthorized: true,
      });
      socket.setTimeout(endpoint.timeoutMs, () =>
        socket.destroy(new Error(`no answer from Redis at ${endpoint.host}:${endpoint.port} within ${endpoint.timeoutMs} ms`)),
      );
      socket.once('error', reject);
      socket.once('secureConnect', () => {
        socket.off('error', reject);
        resolve(new RedisConnection(socket));
      });
    });
  }

  /** Sends one command; an error reply rejects with RedisReplyError. */
  command(args: string[]): Promise<RespValue> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.waiting) return Promise.reject(new Error('one command at a time'));
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(encodeCommand(args));
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private deliver(): void {
    if (!this.waiting) return;
    let parsed: ReturnType<typeof parseReply>;
    try {
      parsed = parseReply(this.buffer, 0);
    } catch (err) {
      this.socket.destroy(err as Error);
      return;
    }
    if (!parsed) return;
    this.buffer = this.buffer.subarray(parsed.end);
    const { resolve, reject } = this.waiting;
    this.waiting = undefined;
    if (parsed.value instanceof RedisReplyError) reject(parsed.value);
    else resolve(parsed.value);
  }
}

/**
 * Whether Redis accepts `AUTH username password`: true on OK, false on WRONGPASS (wrong password, unknown or
 * disabled user). Any other failure (unreachable, TLS, timeout) throws: it proves nothing either way.
 */
export async function authenticates(endpoint: RedisEndpoint, username: string, password: string): Promise<boolean> {
  const connection = await RedisConnection.open(endpoint);
  try {
    await connection.command(['AUTH', username, password]);
    return true;
  } catch (err) {
    if (err instanceof RedisReplyError && err.message.startsWith('WRONGPASS')) return false;
    throw err;
  } finally {
    connection.close();
  }
}
