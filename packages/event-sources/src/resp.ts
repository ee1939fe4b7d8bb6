import net from 'node:net';

/** A RESP reply: simple/bulk strings, integers, null, arrays. */
export type RespValue = string | number | null | RespValue[];

/** An error reply (`-ERR ...`). */
export class RespError extends Error {}

function encode(args: Array<string | number>): Buffer {
  const parts = [`*${args.length}\r\n`];
  for (const arg of args) {
    const s = String(arg);
    parts.push(`$${Buffer.byteLength(s)}\r\n${s}\r\n`);
  }
  return Buffer.from(parts.join(''));
}

/** Parses one reply at `offset`; undefined when the buffer holds only part of it. */
function parse(
  buf: Buffer,
  offset: number,
): { value: RespValue | RespError; next: number } | undefined {
  const eol = buf.indexOf('\r\n', offset);
  if (eol < 0) {
    return undefined;
  }
  const line = buf.toString('utf8', offset + 1, eol);
  switch (String.fromCharCode(buf[offset])) {
    case '+':
      return { value: line, next: eol + 2 };
    case '-':
      return { value: new RespError(line), next: eol + 2 };
    case ':':
      return { value: Number(line), next: eol + 2 };
    case '$': {
      const len = Number(line);
      if (len < 0) {
        return { value: null, next: eol + 2 };
      }
      if (buf.length < eol + 2 + len + 2) {
        return undefined;
      }
      return {
        value: buf.toString('utf8', eol + 2, eol + 2 + len),
        next: eol + 2 + len + 2,
      };
    }
    case '*': {
      const n = Number(line);
      if (n < 0) {
        return { value: null, next: eol + 2 };
      }
      const items: RespValue[] = [];
      let next = eol + 2;
      for (let i = 0; i < n; i++) {
        const item = parse(buf, next);
        if (!item) {
          return undefined;
        }
        if (item.value instanceof RespError) {
          return item;
        }
        items.push(item.value);
        next = item.next;
      }
      return { value: items, next };
    }
    default:
      throw new Error(`unexpected RESP reply type ${JSON.stringify(line)}`);
  }
}

/**
 * Sends commands on one connection (pipelined) and resolves with their
 * replies in order; the first error reply rejects. Enough of the Redis
 * protocol for the load client; not a general Redis client.
 */
export function redisCommands(
  address: { host: string; port: number },
  commands: Array<Array<string | number>>,
): Promise<RespValue[]> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(address.port, address.host);
    const replies: RespValue[] = [];
    let buf = Buffer.alloc(0);
    let offset = 0;
    const fail = (e: Error) => {
      socket.destroy();
      reject(e);
    };
    socket.setTimeout(30_000, () =>
      fail(
        new Error(`redis ${address.host}:${address.port}: no reply in 30 s`),
      ),
    );
    socket.once('error', fail);
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf.subarray(offset), chunk]);
      offset = 0;
      for (;;) {
        const reply = parse(buf, offset);
        if (!reply) {
          break;
        }
        offset = reply.next;
        if (reply.value instanceof RespError) {
          fail(reply.value);
          return;
        }
        replies.push(reply.value);
        if (replies.length === commands.length) {
          socket.end();
          resolve(replies);
          return;
        }
      }
    });
    socket.write(Buffer.concat(commands.map(encode)));
  });
}
