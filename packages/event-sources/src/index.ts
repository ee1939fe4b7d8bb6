/**
 * Real event sources for KEDA's scalers, started on 127.0.0.1 from Debian
 * packages and tools/kafka, with load clients that move the numbers KEDA
 * reads (request rates, queue depths, list lengths, consumer lag).
 *
 * @packageDocumentation
 */

export { freePort } from './program';
export type { SourceHandle, SourceOptions } from './program';
export { startRequestRateExporter } from './requestRateExporter';
export type { RequestRateExporter } from './requestRateExporter';
export { startPrometheus } from './prometheus';
export type { PrometheusOptions, PrometheusSource } from './prometheus';
export { startRedis } from './redis';
export type { RedisOptions, RedisSource } from './redis';
export { startRabbitMq } from './rabbitmq';
export type { RabbitMqOptions, RabbitMqSource } from './rabbitmq';
export { amqpQueueDeclarePassive, amqpPublish } from './amqp';
export type { QueueDeclareOk } from './amqp';
export { startKafka, ensureKafkaBroker } from './kafka';
export type {
  KafkaOptions,
  KafkaSource,
  KafkaLag,
  KafkaPartitionLag,
} from './kafka';
export { runSql } from './sql';
export type { SqlResult } from './sql';
