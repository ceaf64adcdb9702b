// Just enough of the Redis protocol (RESP2 over TLS) to prove that a username/password pair authenticates,
// without a client library in the Lambda bundle. Commands are sent one at a time; replies are simple strings,
// errors, integers and bulk strings (all AUTH, PING and ACL SETUSER answer with).
import { isIP } from 'node:net';
import { connect, type TLSSocket } from 'node:tls';

export interface RedisEndpoint {
  host: string;
  port: number;
  /** PEM CA bundle to trust instead of Node's default store (ElastiCache's certificates chain to Amazon's public CAs). */
  ca?: string;
  /** Bound on connecting and on each reply. */
  timeoutMs: number;
}

/** An error reply of the server (`-WRONGPASS ...`, `-NOPERM ...`). */
export class RedisReplyError extends Error {}

type Reply = string | number | null;

function parseReply(buffer: Buffer): { reply: Reply | RedisReplyError; rest: Buffer } | undefined {
  const lineEnd = buffer.indexOf('\r\n');
  if (lineEnd < 0) return undefined;
  const line = buffer.toString('utf8', 1, lineEnd);
  const afterLine = buffer.subarray(lineEnd + 2);
  switch (String.fromCharCode(buffer[0]!)) {
    case '+':
      return { reply: line, rest: afterLine };
    case '-':
      return { reply: new RedisReplyError(line), rest: afterLine };
    case ':':
      return { reply: Number(line), rest: afterLine };
    case '$': {
      const length = Number(line);
      if (length < 0) return { reply: null, rest: afterLine };
      if (afterLine.length < length + 2) return undefined;
      return { reply: afterLine.toString('utf8', 0, length), rest: afterLine.subarray(length + 2) };
    }
    default:
      throw new Error(`unexpected Redis reply type "${String.fromCharCode(buffer[0]!)}"`);
  }
}

export class RedisConnection {
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (reply: Reply) => void; reject: (err: Error) => void } | undefined;
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
  command(args: string[]): Promise<Reply> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.waiting) return Promise.reject(new Error('one command at a time'));
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private deliver(): void {
    if (!this.waiting) return;
    let parsed: ReturnType<typeof parseReply>;
    try {
      parsed = parseReply(this.buffer);
    } catch (err) {
      this.socket.destroy(err as Error);
      return;
    }
    if (!parsed) return;
    this.buffer = parsed.rest;
    const { resolve, reject } = this.waiting;
    this.waiting = undefined;
    if (parsed.reply instanceof RedisReplyError) reject(parsed.reply);
    else resolve(parsed.reply);
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
