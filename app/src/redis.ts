// A minimal Redis client over TLS speaking RESP2: enough for the app's own needs (AUTH as its RBAC user,
// PING, GET/SET) without a dependency. One connection, opened on first use and again after it drops; replies
// arrive in command order, so pending commands are a FIFO queue.
import { connect, ConnectionOptions, TLSSocket } from 'node:tls';
import { encodeCommand, parseReply, RedisReplyError, type ParsedReply, type RespValue } from '../../lambdas/shared/resp';

export interface RedisClientOptions {
  host: string;
  port: number;
  username: string;
  password: string;
  /** TLS options on top of verified TLS to `host` (tests pass their CA). */
  tls?: ConnectionOptions;
  /** Milliseconds to connect and authenticate, and per command. @default 2000 */
  timeoutMs?: number;
}

interface Pending {
  resolve: (value: RespValue) => void;
  reject: (error: Error) => void;
}

export class RedisClient {
  private socket: TLSSocket | undefined;
  private ready: Promise<void> | undefined;
  private buffer: Buffer = Buffer.alloc(0);
  private readonly pending: Pending[] = [];
  private closed = false;

  constructor(private readonly options: RedisClientOptions) {}

  /** Sends one command and resolves with its reply; a Redis error reply rejects with RedisReplyError. */
  async command(...args: string[]): Promise<RespValue> {
    if (this.closed) throw new Error('redis client is closed');
    await this.connection();
    return this.send(args);
  }

  /** Closes the connection; pending commands are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    const socket = this.socket;
    if (!socket) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.end();
      setTimeout(() => socket.destroy(), 1000).unref();
    });
  }

  private connection(): Promise<void> {
    if (!this.ready) {
      this.ready = this.open();
      // A failed connect must not stick: the next command tries again.
      this.ready.catch(() => { this.ready = undefined; });
    }
    return this.ready;
  }

  private async open(): Promise<void> {
    const { host, port, tls, username, password } = this.options;
    const socket = connect({ host, port, servername: host, rejectUnauthorized: true, ...tls });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.receive(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('redis connection closed')));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => socket.destroy(new Error(`redis: no TLS connection to ${host}:${port} within ${this.timeoutMs} ms`)), this.timeoutMs);
      socket.once('secureConnect', () => { clearTimeout(timer); resolve(); });
      socket.once('error', (error) => { clearTimeout(timer); reject(error); });
    });
    await this.send(['AUTH', username, password]);
  }

  private get timeoutMs(): number {
    return this.options.timeoutMs ?? 2000;
  }

  private send(args: string[]): Promise<RespValue> {
    const socket = this.socket;
    if (!socket || socket.destroyed) return Promise.reject(new Error('redis connection is not open'));
    const payload = encodeCommand(args);
    return new Promise<RespValue>((resolve, reject) => {
      // A reply that never comes means a stuck connection: drop it, so the next command reconnects.
      const timer = setTimeout(() => socket.destroy(new Error(`redis: no reply to ${args[0]} within ${this.timeoutMs} ms`)), this.timeoutMs);
      this.pending.push({
        resolve: (value) => { clearTimeout(timer); resolve(value); },
        reject: (error) => { clearTimeout(timer); reject(error); },
      });
      socket.write(payload);
    });
  }

  private fail(error: Error): void {
    this.socket?.destroy();
    this.socket = undefined;
    this.ready = undefined;
    this.buffer = Buffer.alloc(0);
    for (const p of this.pending.splice(0)) p.reject(error);
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      let parsed: ParsedReply | undefined;
      try {
        parsed = parseReply(this.buffer, 0);
      } catch (error) {
        this.fail(error as Error);
        return;
      }
      if (!parsed) return;
      this.buffer = this.buffer.subarray(parsed.end);
      const waiting = this.pending.shift();
      if (!waiting) continue;
      if (parsed.value instanceof RedisReplyError) waiting.reject(parsed.value);
      else waiting.resolve(parsed.value);
    }
  }
}
