import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { kedaPermissions } from '@keda-portal/plugin-keda-common';
import {
  kedaClusterReaderServiceRef,
  kedaClustersServiceRef,
  kedaGitopsEngineServiceRef,
} from '@keda-portal/plugin-keda-node';
import { HistoryStore, Sample } from './history/HistoryStore';
import { samplesForChange } from './history/sampler';
import { scaledObjectsForChange } from './live/affected';
import { EntityIndex } from './live/EntityIndex';
import { InvalidationPublisher } from './live/invalidations';
import { createRouter } from './service/router';

const DEFAULT_RETENTION_DAYS = 14;

/**
 * KEDA Portal's backend plugin, mounted at `/api/keda`.
 *
 * @public
 */
export const kedaPlugin = createBackendPlugin({
  pluginId: 'keda',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissionsRegistry: coreServices.permissionsRegistry,
        permissions: coreServices.permissions,
        auditor: coreServices.auditor,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        signals: signalsServiceRef,
        clusters: kedaClustersServiceRef,
        reader: kedaClusterReaderServiceRef,
        gitops: kedaGitopsEngineServiceRef,
      },
      async init(deps) {
        const { config, logger, auth, catalog, signals, reader, scheduler } =
          deps;
        deps.permissionsRegistry.addPermissions(kedaPermissions);

        const retentionDays =
          config.getOptionalNumber('keda.history.retentionDays') ??
          DEFAULT_RETENTION_DAYS;
        const history = await HistoryStore.create(deps.database);

        // Which catalog entities own which cluster objects (for signals).
        const entities = new EntityIndex(catalog, auth, logger);
        await scheduler.scheduleTask({
          id: 'keda-entity-index',
          frequency: { seconds: 30 },
          timeout: { seconds: 60 },
          scope: 'local',
          fn: () =>
            entities
              .refresh()
              .catch(e => logger.warn(`Could not read the catalog: ${e}`)),
        });
        // History is shared by every replica: prune it from one at a time.
        await scheduler.scheduleTask({
          id: 'keda-history-retention',
          frequency: { hours: 6 },
          timeout: { minutes: 10 },
          scope: 'global',
          fn: async () => {
            const removed = await history.prune(
              new Date(Date.now() - retentionDays * 24 * 3600_000),
            );
            logger.info(
              `Pruned ${removed} scaling samples older than ${retentionDays} days`,
            );
          },
        });

        const publisher = new InvalidationPublisher(signals, logger);
        let pending: Sample[] = [];
        const unsubscribe = reader.subscribe(change => {
          pending.push(...samplesForChange(reader, change, new Date()));
          if (change.type !== 'relisted') {
            for (const so of scaledObjectsForChange(reader, change)) {
              const refs = entities.entitiesFor(change.cluster, so);
              if (refs.length) {
                publisher.invalidate(refs);
              } else {
                // Perhaps the catalog knows the entity by now: look again.
                void entities
                  .refreshSoon()
                  .then(() =>
                    publisher.invalidate(
                      entities.entitiesFor(change.cluster, so),
                    ),
                  );
              }
            }
          }
        });
        // Samples are written in batches; duplicates from other replicas are ignored.
        const flush = setInterval(() => {
          if (!pending.length) return;
          const batch = pending;
          pending = [];
          history
            .record(batch)
            .catch(e => logger.warn(`Could not store scaling samples: ${e}`));
        }, 1000);
        deps.lifecycle.addShutdownHook(() => {
          unsubscribe();
          clearInterval(flush);
          publisher.stop();
        });

        deps.httpRouter.use(
          await createRouter({
            ...deps,
            history,
            entities,
            retentionDays,
            appBaseUrl: config.getOptionalString('app.baseUrl'),
            changeRateLimit: config.getOptionalNumber(
              'keda.changes.rateLimitPerMinute',
            ),
          }),
        );
      },
    });
  },
});
