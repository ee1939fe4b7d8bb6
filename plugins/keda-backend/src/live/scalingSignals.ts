/**
 * The watch pipeline: every change a cluster's watch sees becomes history
 * samples (written in batches) and a signal to the entities it concerns, so
 * open Autoscaling tabs refresh.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { SignalsService } from '@backstage/plugin-signals-node';
import type {
  KedaClusterReader,
  ObjectChange,
} from '@keda-portal/plugin-keda-node';
import type { HistoryStore, Sample } from '../history/HistoryStore';
import { samplesForChange } from '../history/sampler';
import { scaledObjectsForChange } from './affected';
import type { EntityIndex } from './EntityIndex';
import { InvalidationPublisher } from './invalidations';

export interface ScalingSignalsOptions {
  reader: KedaClusterReader;
  entities: EntityIndex;
  history: HistoryStore;
  signals: SignalsService;
  logger: LoggerService;
  /** How often pending samples are written, in ms (default 1000). */
  flushIntervalMs?: number;
}

/** Starts the pipeline; the answer stops it. */
export function startScalingSignals(options: ScalingSignalsOptions): {
  stop(): void;
} {
  const { reader, entities, history, logger } = options;
  const publisher = new InvalidationPublisher(options.signals, logger);
  let pending: Sample[] = [];

  const signal = (change: ObjectChange) => {
    for (const so of scaledObjectsForChange(reader, change)) {
      const refs = entities.entitiesFor(change.cluster, so);
      if (refs.length) {
        publisher.invalidate(refs);
      } else {
        // Perhaps the catalog knows the entity by now: look again.
        void entities
          .refreshSoon()
          .then(() =>
            publisher.invalidate(entities.entitiesFor(change.cluster, so)),
          );
      }
    }
  };
  const unsubscribe = reader.subscribe(change => {
    pending.push(...samplesForChange(reader, change, new Date()));
    if (change.type !== 'relisted') signal(change);
  });
  // Samples are written in batches; duplicates from other replicas are ignored.
  const flush = setInterval(() => {
    if (!pending.length) return;
    const batch = pending;
    pending = [];
    history
      .record(batch)
      .catch(e => logger.warn(`Could not store scaling samples: ${e}`));
  }, options.flushIntervalMs ?? 1000);

  return {
    stop() {
      unsubscribe();
      clearInterval(flush);
      publisher.stop();
    },
  };
}
