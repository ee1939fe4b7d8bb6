import net from 'node:net';

/**
 * Just enough AMQP 0-9-1 to ask a queue's depth the way KEDA's rabbitmq
 * scaler does with `protocol: amqp`: connect with PLAIN credentials to the
 * URL's vhost, open a channel and declare the queue passively; the broker
 * answers with the number of ready messages and consumers. Not a general
 * AMQP client (no publishing or consuming).
 */

const FRAME_METHOD = 1;
const FRAME_END = 0xce;

class Writer {
  private parts: Buffer[] = [];
  octet(v: number) {
    this.parts.push(Buffer.from([v]));
    return this;
  }
  short(v: number) {
    const b = Buffer.alloc(2);
    b.writeUInt16BE(v);
    this.parts.push(b);
    return this;
  }
  long(v: number) {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(v);
    this.parts.push(b);
    return this;
  }
  shortstr(s: string) {
    const b = Buffer.from(s);
    return this.octet(b.length).bytes(b);
  }
  longstr(s: string) {
    const b = Buffer.from(s);
    return this.long(b.length).bytes(b);
  }
  bytes(b: Buffer) {
    this.parts.push(b);
    return this;
  }
  build() {
    return Buffer.concat(this.parts);
  }
}

function methodFrame(
  channel: number,
  classId: number,
  methodId: number,
  args: Buffer,
) {
  const payload = Buffer.concat([
    new Writer().short(classId).short(methodId).build(),
    args,
  ]);
  return new Writer()
    .octet(FRAME_METHOD)
    .short(channel)
    .long(payload.length)
    .bytes(payload)
    .octet(FRAME_END)
    .build();
}

interface Method {
  channel: number;
  classId: number;
  methodId: number;
  args: Buffer;
}

/** Reads method frames from a socket, one at a time. */
class FrameReader {
  private buf = Buffer.alloc(0);
  private waiting?: {
    resolve: (m: Method) => void;
    reject: (e: Error) => void;
  };
  private queue: Method[] = [];
  private error?: Error;

  constructor(socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buf = Buffer.concat([this.buf, chunk]);
      this.drain();
    });
    const fail = (e: Error) => {
      this.error ??= e;
      this.waiting?.reject(this.error);
      this.waiting = undefined;
    };
    socket.on('error', fail);
    socket.on('close', () =>
      fail(new Error('AMQP connection closed by the broker')),
    );
  }

  private drain() {
    while (this.buf.length >= 7) {
      const size = this.buf.readUInt32BE(3);
      if (this.buf.length < 7 + size + 1) {
        return;
      }
      const type = this.buf[0];
      const payload = this.buf.subarray(7, 7 + size);
      if (type === FRAME_METHOD) {
        this.queue.push({
          channel: this.buf.readUInt16BE(1),
          classId: payload.readUInt16BE(0),
          methodId: payload.readUInt16BE(2),
          args: payload.subarray(4),
        });
      }
      this.buf = this.buf.subarray(7 + size + 1);
    }
    if (this.waiting && this.queue.length) {
      const w = this.waiting;
      this.waiting = undefined;
      w.resolve(this.queue.shift()!);
    }
  }

  next(): Promise<Method> {
    if (this.queue.length) {
      return Promise.resolve(this.queue.shift()!);
    }
    if (this.error) {
      return Promise.reject(this.error);
    }
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }
}

function closeReason(m: Method): string {
  const code = m.args.readUInt16BE(0);
  const len = m.args[2];
  return `${code} ${m.args.toString('utf8', 3, 3 + len)}`;
}

async function expectMethod(
  reader: FrameReader,
  classId: number,
  methodId: number,
  step: string,
): Promise<Method> {
  const m = await reader.next();
  if (m.classId === classId && m.methodId === methodId) {
    return m;
  }
  // connection.close (10,50) or channel.close (20,40) carry the reason.
  if (
    (m.classId === 10 && m.methodId === 50) ||
    (m.classId === 20 && m.methodId === 40)
  ) {
    throw new Error(`AMQP ${step}: the broker closed with ${closeReason(m)}`);
  }
  throw new Error(`AMQP ${step}: unexpected method ${m.classId}.${m.methodId}`);
}

/** What a passive queue.declare answers. */
export interface QueueDeclareOk {
  messageCount: number;
  consumerCount: number;
}

/**
 * Declares `queue` passively over AMQP at `amqpUrl`
 * (`amqp://user:pass@127.0.0.1:PORT/vhost`). Rejects with the broker's reason
 * (e.g. `404 NOT_FOUND - no queue`, `403 ACCESS_REFUSED`) on failure.
 */
export async function amqpQueueDeclarePassive(
  amqpUrl: string,
  queue: string,
): Promise<QueueDeclareOk> {
  const url = new URL(amqpUrl);
  if (url.protocol !== 'amqp:') {
    throw new Error(
      `amqpUrl: "${url.protocol}" is not amqp:, e.g. amqp://user:pass@127.0.0.1:5672/vhost`,
    );
  }
  const vhost = decodeURIComponent(url.pathname.slice(1)) || '/';
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  const socket = net.connect(Number(url.port || 5672), url.hostname);
  socket.setTimeout(30_000, () =>
    socket.destroy(new Error('AMQP: no answer in 30 s')),
  );
  const reader = new FrameReader(socket);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    socket.write(Buffer.from([0x41, 0x4d, 0x51, 0x50, 0, 0, 9, 1])); // "AMQP" 0-9-1
    await expectMethod(reader, 10, 10, 'connection.start');
    socket.write(
      methodFrame(
        0,
        10,
        11,
        new Writer()
          .long(0) // client properties: empty table
          .shortstr('PLAIN')
          .longstr(`\0${user}\0${pass}`)
          .shortstr('en_US')
          .build(),
      ),
    );
    const tune = await expectMethod(reader, 10, 30, 'login');
    socket.write(
      methodFrame(
        0,
        10,
        31,
        new Writer()
          .short(tune.args.readUInt16BE(0))
          .long(tune.args.readUInt32BE(2))
          .short(0) // no heartbeats: the connection lives for one question
          .build(),
      ),
    );
    socket.write(
      methodFrame(
        0,
        10,
        40,
        new Writer().shortstr(vhost).shortstr('').octet(0).build(),
      ),
    );
    await expectMethod(reader, 10, 41, `opening vhost "${vhost}"`);
    socket.write(methodFrame(1, 20, 10, new Writer().shortstr('').build()));
    await expectMethod(reader, 20, 11, 'channel.open');
    socket.write(
      methodFrame(
        1,
        50,
        10,
        new Writer()
          .short(0)
          .shortstr(queue)
          .octet(1) // passive
          .long(0) // arguments: empty table
          .build(),
      ),
    );
    const ok = await expectMethod(reader, 50, 11, `queue.declare "${queue}"`);
    const nameLen = ok.args[0];
    const result = {
      messageCount: ok.args.readUInt32BE(1 + nameLen),
      consumerCount: ok.args.readUInt32BE(5 + nameLen),
    };
    socket.write(
      methodFrame(
        0,
        10,
        50,
        new Writer().short(200).shortstr('').short(0).short(0).build(),
      ),
    );
    await expectMethod(reader, 10, 51, 'connection.close').catch(
      () => undefined,
    );
    return result;
  } finally {
    socket.destroy();
  }
}
