/**
 * The demo's load generator. It moves the real event sources along the
 * plan's waves (request rate, queue depth, consumer lag, list length) and
 * now and then stops a source and starts it again. It never touches the
 * cluster: KEDA's operator and metrics adapter read the sources, the HPA
 * controller scales, and they write every status, HPA and event.
 */
import {
  DemoPlan,
  levelStep,
  SourceName,
  sourcesDown,
  waveValue,
} from './waves';

/** A source the driver can take away and bring back. */
export interface Stoppable {
  stop(): Promise<void>;
  restart(): Promise<void>;
}

/** What the driver needs of the event sources (see sources.ts). */
export interface DemoSources {
  /** orders-api's instrumentation, scraped by Prometheus. */
  requestRate: { setRate(service: string, perSecond: number): void };
  prometheus: Stoppable;
  kafka: Stoppable & {
    lag(group: string, topic: string): Promise<number>;
    produce(topic: string, count: number): Promise<void>;
    consume(group: string, topic: string, count: number): Promise<void>;
  };
  rabbitmq: Stoppable & {
    depth(queue: string): Promise<number>;
    publish(queue: string, count: number): Promise<void>;
    consume(queue: string, count: number): Promise<void>;
  };
  redis: Stoppable & {
    length(list: string): Promise<number>;
    push(list: string, count: number): Promise<void>;
    pop(list: string, count: number): Promise<void>;
  };
}

/** The names the example objects (examples/cluster) scale on. */
export const DEMO_TARGETS = {
  service: 'orders-api',
  topic: 'orders',
  consumerGroup: 'orders-consumer',
  queue: 'emails',
  retryList: 'email-retries',
} as const;

/** What one tick aimed for and found. */
export interface TickReport {
  /** Seconds since the driver started. */
  t: number;
  down: SourceName[];
  requestRate: number;
  /** Levels after the tick, where the source answered. */
  consumerLag?: number;
  queueDepth?: number;
  retryListLength?: number;
}

/** Moves the sources one step at a time; call {@link LoadDriver.tick} every few seconds. */
export class LoadDriver {
  private readonly down = new Set<SourceName>();
  private readonly failing = new Set<SourceName>();

  constructor(
    private readonly sources: DemoSources,
    private readonly plan: DemoPlan,
    private readonly log: (msg: string) => void = () => {},
    private readonly startMs = Date.now(),
  ) {}

  async tick(nowMs = Date.now()): Promise<TickReport> {
    const t = (nowMs - this.startMs) / 1000;
    await this.outages(t);
    const report: TickReport = {
      t,
      down: [...this.down],
      requestRate: waveValue(this.plan.requestRate, t),
    };
    this.sources.requestRate.setRate(DEMO_TARGETS.service, report.requestRate);

    const { kafka, rabbitmq, redis } = this.sources;
    const { topic, consumerGroup, queue, retryList } = DEMO_TARGETS;
    report.consumerLag = await this.level(
      'kafka',
      waveValue(this.plan.consumerLag, t),
      () => kafka.lag(consumerGroup, topic),
      n => kafka.produce(topic, n),
      n => kafka.consume(consumerGroup, topic, n),
    );
    report.queueDepth = await this.level(
      'rabbitmq',
      waveValue(this.plan.queueDepth, t),
      () => rabbitmq.depth(queue),
      n => rabbitmq.publish(queue, n),
      n => rabbitmq.consume(queue, n),
    );
    report.retryListLength = await this.level(
      'redis',
      waveValue(this.plan.retryListLength, t),
      () => redis.length(retryList),
      n => redis.push(retryList, n),
      n => redis.pop(retryList, n),
    );
    return report;
  }

  /** Starts the sources it stopped, so the demo ends with everything up. */
  async restoreAll(): Promise<void> {
    for (const name of [...this.down]) {
      await this.sources[name].restart();
      this.down.delete(name);
    }
  }

  /** Stops the sources the plan has down now and brings back the others. */
  private async outages(t: number) {
    const wanted = sourcesDown(this.plan, t);
    for (const name of wanted) {
      if (this.down.has(name)) continue;
      this.log(`stopping ${name} (a planned outage: KEDA's scaler fails)`);
      await this.sources[name].stop();
      this.down.add(name);
    }
    for (const name of [...this.down]) {
      if (wanted.has(name)) continue;
      this.log(`starting ${name} again`);
      try {
        await this.sources[name].restart();
        this.down.delete(name);
      } catch (e) {
        this.log(`${name} did not start again (next tick retries): ${e}`);
      }
    }
  }

  /**
   * Moves one source's level towards its target; resolves the level after
   * the step, or undefined when the source is down or failed (logged once
   * per failure, not every tick).
   */
  private async level(
    source: SourceName,
    target: number,
    read: () => Promise<number>,
    add: (n: number) => Promise<void>,
    remove: (n: number) => Promise<void>,
  ): Promise<number | undefined> {
    if (this.down.has(source)) return undefined;
    try {
      const current = await read();
      const step = levelStep(current, target);
      if (step.add > 0) await add(step.add);
      if (step.remove > 0) await remove(step.remove);
      if (this.failing.delete(source)) this.log(`${source} answers again`);
      return current + step.add - step.remove;
    } catch (e) {
      if (!this.failing.has(source)) {
        this.failing.add(source);
        this.log(`${source} did not answer (retrying every tick): ${e}`);
      }
      return undefined;
    }
  }
}
