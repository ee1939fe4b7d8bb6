/**
 * The event sources the recorded paths drive, as the paths need them: one
 * shared instance of each (started on first use), and fresh Redis servers
 * for the paths that take their source away.
 */
export interface PathSources {
  prometheus(): Promise<{
    /** Prometheus' base URL, for the trigger's serverAddress. */
    url: string;
    /** Sets the request rate of `http_requests_total{service}`. */
    setRate(service: string, perSecond: number): void;
  }>;
  rabbitmq(): Promise<{
    /** `amqp://user:password@127.0.0.1:PORT/vhost`, for a Secret. */
    amqpUrl: string;
    publish(queue: string, count: number): Promise<void>;
    purge(queue: string): Promise<void>;
  }>;
  /**
   * A Prometheus of its own (scraping the shared request-rate exporter), for
   * a path that stops and restarts it.
   */
  ownPrometheus(): Promise<{
    url: string;
    setRate(service: string, perSecond: number): void;
    stop(): Promise<void>;
    restart(): Promise<void>;
  }>;
  redis(): Promise<RedisSource>;
  /** A Redis of its own, for a path that stops and restarts it. */
  ownRedis(): Promise<
    RedisSource & { stop(): Promise<void>; restart(): Promise<void> }
  >;
  kafka(): Promise<{
    bootstrap: string;
    /** Creates the topic (if needed) and commits the group at its start. */
    prepare(topic: string, group: string): Promise<void>;
    produce(topic: string, count: number): Promise<void>;
    /** Marks everything produced so far as consumed by the group. */
    consumeAll(topic: string, group: string): Promise<void>;
  }>;
  /** A PostgreSQL database (scripts/test-postgres.sh's server). */
  postgres(): Promise<{
    /** `postgresql://user@127.0.0.1:PORT/db?sslmode=disable`, for a Secret. */
    connection: string;
    sql(statement: string): Promise<void>;
  }>;
  stop(): Promise<void>;
}

export interface RedisSource {
  /** `127.0.0.1:PORT` */
  address: string;
  password: string;
  push(list: string, count: number): Promise<void>;
  clear(list: string): Promise<void>;
}
