import net from 'node:net';

/**
 * Just enough AMQP 0-9-1 for the load client: ask a queue's depth the way
 * KEDA's rabbitmq scaler does with `protocol: amqp` (PLAIN login to the URL's
 * vhost, a channel, a passive queue.declare answering the ready messages and
 * consumers), and publish persistent messages with publisher confirms. Not a
 * general AMQP client (no consuming).
 */

const FRAME_METHOD = 1;
const FRAME_HEADER = 2;
const FRAME_BODY = 3;
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
  longlong(v: number) {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(BigInt(v));
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

function frame(type: number, channel: number, payload: Buffer) {
  return new Writer()
    .octet(type)
    .short(channel)
    .long(payload.length)
    .bytes(payload)
    .octet(FRAME_END)
    .build();
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

/** Channel 1 of an open connection. */
interface Channel {
  declarePassive(queue: string): Promise<QueueDeclareOk>;
  publish(queue: string, bodies: string[]): Promise<number>;
}

/** Messages written before waiting for their confirms. */
const PUBLISH_BATCH = 500;

/** The connection details an `amqp://user:pass@host:port/vhost` URL names. */
function parseAmqpUrl(amqpUrl: string) {
  const url = new URL(amqpUrl);
  if (url.protocol !== 'amqp:') {
    throw new Error(
      `amqpUrl: "${url.protocol}" is not amqp:, e.g. amqp://user:pass@127.0.0.1:5672/vhost`,
    );
  }
  return {
    host: url.hostname,
    port: Number(url.port || 5672),
    vhost: decodeURIComponent(url.pathname.slice(1)) || '/',
    user: decodeURIComponent(url.username),
    pass: decodeURIComponent(url.password),
  };
}

/**
 * The handshake up to an open channel 1: protocol header, PLAIN login, tune,
 * connection.open of the vhost, channel.open. Each step waits for the
 * broker's answer so a refusal names the step.
 */
async function openChannel(
  socket: net.Socket,
  reader: FrameReader,
  login: { vhost: string; user: string; pass: string },
) {
  const { vhost, user, pass } = login;
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
        .short(0) // no heartbeats: the connection lives for one task
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
}

/** The three frames of one persistent message to `queue` on channel 1. */
function publishFrames(queue: string, text: string): Buffer[] {
  const body = Buffer.from(text);
  return [
    // basic.publish to the default exchange, mandatory: an
    // unroutable message comes back as basic.return.
    methodFrame(
      1,
      60,
      40,
      new Writer().short(0).shortstr('').shortstr(queue).octet(1).build(),
    ),
    frame(
      FRAME_HEADER,
      1,
      new Writer()
        .short(60)
        .short(0)
        .longlong(body.length)
        .short(0x9000) // content-type, delivery-mode
        .shortstr('application/json')
        .octet(2) // persistent
        .build(),
    ),
    frame(FRAME_BODY, 1, body),
  ];
}

/**
 * Reads confirms (basic.ack, maybe several at once) until `last` is acked;
 * resolves with how many messages came back unroutable (basic.return).
 */
async function awaitConfirms(
  reader: FrameReader,
  queue: string,
  last: number,
): Promise<number> {
  let returned = 0;
  for (let acked = 0; acked < last; ) {
    const m = await reader.next();
    if (m.classId === 60 && m.methodId === 50) {
      returned++;
    } else if (m.classId === 60 && m.methodId === 80) {
      acked = Number(m.args.readBigUInt64BE(0));
    } else if (m.classId === 60 && m.methodId === 120) {
      throw new Error(`AMQP publish to "${queue}": the broker refused (nack)`);
    } else if (m.classId === 20 && m.methodId === 40) {
      throw new Error(
        `AMQP publish to "${queue}": the broker closed with ${closeReason(m)}`,
      );
    }
  }
  return returned;
}

/** The operations on channel 1 once it is open; confirm mode starts on the first publish. */
function channelOn(socket: net.Socket, reader: FrameReader): Channel {
  let confirming = false;
  let nextTag = 1;
  return {
    async declarePassive(queue) {
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
      return {
        messageCount: ok.args.readUInt32BE(1 + nameLen),
        consumerCount: ok.args.readUInt32BE(5 + nameLen),
      };
    },
    async publish(queue, bodies) {
      if (!confirming) {
        socket.write(methodFrame(1, 85, 10, new Writer().octet(0).build()));
        await expectMethod(reader, 85, 11, 'confirm.select');
        confirming = true;
      }
      let returned = 0;
      for (let from = 0; from < bodies.length; from += PUBLISH_BATCH) {
        const batch = bodies.slice(from, from + PUBLISH_BATCH);
        socket.write(
          Buffer.concat(batch.flatMap(text => publishFrames(queue, text))),
        );
        const last = nextTag + batch.length - 1;
        nextTag = last + 1;
        returned += await awaitConfirms(reader, queue, last);
      }
      return bodies.length - returned;
    },
  };
}

/**
 * Opens a connection and channel 1 at `amqpUrl`
 * (`amqp://user:pass@127.0.0.1:PORT/vhost`), runs `use`, closes. Rejects with
 * the broker's reason (e.g. `404 NOT_FOUND - no queue`, `403 ACCESS_REFUSED`).
 */
async function withChannel<T>(
  amqpUrl: string,
  use: (channel: Channel) => Promise<T>,
): Promise<T> {
  const target = parseAmqpUrl(amqpUrl);
  const socket = net.connect(target.port, target.host);
  socket.setTimeout(30_000, () =>
    socket.destroy(new Error('AMQP: no answer in 30 s')),
  );
  const reader = new FrameReader(socket);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    await openChannel(socket, reader, target);
    const result = await use(channelOn(socket, reader));
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

/** Declares `queue` passively over AMQP, as KEDA's rabbitmq scaler does with `protocol: amqp`. */
export function amqpQueueDeclarePassive(
  amqpUrl: string,
  queue: string,
): Promise<QueueDeclareOk> {
  return withChannel(amqpUrl, channel => channel.declarePassive(queue));
}

/**
 * Publishes persistent messages to `queue` through the default exchange,
 * waiting for the broker's confirms; resolves with how many were routed
 * (a queue that does not exist routes none).
 */
export function amqpPublish(
  amqpUrl: string,
  queue: string,
  bodies: string[],
): Promise<number> {
  return withChannel(amqpUrl, channel => channel.publish(queue, bodies));
}
