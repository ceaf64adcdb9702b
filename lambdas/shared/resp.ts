// The Redis protocol (RESP2) as both of the platform's own Redis clients speak it: the redis-rotation Lambda
// (lambdas/redis-rotation/redis-auth.ts) and the reference app (app/src/redis.ts). Pure: no sockets here.

export type RespValue = string | number | null | RespValue[];

/** An error reply of the server (`-WRONGPASS ...`, `-NOPERM ...`). */
export class RedisReplyError extends Error {
  override readonly name = 'RedisReplyError';
}

/** One command as a RESP array of bulk strings. */
export function encodeCommand(args: readonly string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}

export type ParsedReply = { value: RespValue | RedisReplyError; end: number };

/**
 * Parses one RESP2 reply at `start`; undefined when the buffer does not hold all of it yet. An array holding an
 * error reply parses as that error. Throws on a reply type RESP2 does not have.
 */
export function parseReply(buffer: Buffer, start: number): ParsedReply | undefined {
  const lineEnd = buffer.indexOf('\r\n', start);
  if (lineEnd < 0) return undefined;
  const type = String.fromCharCode(buffer[start]);
  const line = buffer.toString('utf8', start + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+':
      return { value: line, end: next };
    case '-':
      return { value: new RedisReplyError(line), end: next };
    case ':':
      return { value: Number(line), end: next };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, end: next };
      if (buffer.length < next + length + 2) return undefined;
      return { value: buffer.toString('utf8', next, next + length), end: next + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, end: next };
      const items: RespValue[] = [];
      let error: RedisReplyError | undefined;
      let position = next;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buffer, position);
        if (!item) return undefined;
        if (item.value instanceof RedisReplyError) error ??= item.value;
        else items.push(item.value);
        position = item.end;
      }
      return { value: error ?? items, end: position };
    }
    default:
      throw new Error(`redis: unexpected reply type ${JSON.stringify(type)}`);
  }
}
