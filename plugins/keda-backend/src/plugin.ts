import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { kedaPermissions } from '@keda-portal/plugin-keda-common';
import {
  kedaChangeServiceRef,
  kedaClusterReaderServiceRef,
  kedaClustersServiceRef,
  kedaGitopsEngineServiceRef,
  registerKedaGitopsExtensionPoints,
} from '@keda-portal/plugin-keda-node';
import { HistoryStore } from './history/HistoryStore';
import { EntityIndex } from './live/EntityIndex';
import { startScalingSignals } from './live/scalingSignals';
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
    // Backend modules add Git providers and guardrail policies here.
    const gitopsExtensions = registerKedaGitopsExtensionPoints(env);
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
        changes: kedaChangeServiceRef,
        gitops: kedaGitopsEngineServiceRef,
      },
      async init(deps) {
        gitopsExtensions.installInto(deps.gitops);
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

        const pipeline = startScalingSignals({
          reader,
          entities,
          history,
          signals,
          logger,
        });
        deps.lifecycle.addShutdownHook(() => pipeline.stop());

        deps.httpRouter.use(
          await createRouter({
            ...deps,
            history,
            entities,
            retentionDays,
            changeRateLimit: config.getOptionalNumber(
              'keda.changes.rateLimitPerMinute',
            ),
          }),
        );
      },
    });
  },
});
