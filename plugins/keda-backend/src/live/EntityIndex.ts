import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
} from '@keda-portal/plugin-keda-common';
import {
  entitySelector,
  EntitySelector,
  isInScope,
} from '@keda-portal/plugin-keda-node';

interface IndexedEntity {
  ref: string;
  entity: Entity;
  selector: EntitySelector;
}

/**
 * The catalog entities that have cluster objects, with their selectors: the
 * reverse mapping from a cluster object to the entities it belongs to.
 * Refreshed from the catalog periodically.
 */
export class EntityIndex {
  private entries: IndexedEntity[] = [];
  private lastRefresh = 0;
  private inFlight?: Promise<void>;

  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly logger: LoggerService,
  ) {}

  /**
   * Refreshes unless that happened in the last `minIntervalMs`; concurrent
   * callers share one refresh. Used when a change maps to no entity yet (the
   * catalog may have learnt about it since the last periodic refresh).
   */
  refreshSoon(minIntervalMs = 5000): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (Date.now() - this.lastRefresh < minIntervalMs) return Promise.resolve();
    this.inFlight = this.refresh()
      .catch(e => this.logger.warn(`Could not read the catalog: ${e}`))
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  async refresh(): Promise<void> {
    this.lastRefresh = Date.now();
    const credentials = await this.auth.getOwnServiceCredentials();
    const { items } = await this.catalog.getEntities(
      {
        filter: [
          {
            [`metadata.annotations.${ANNOTATION_KUBERNETES_ID}`]:
              CATALOG_FILTER_EXISTS,
          },
          {
            [`metadata.annotations.${ANNOTATION_KUBERNETES_LABEL_SELECTOR}`]:
              CATALOG_FILTER_EXISTS,
          },
        ],
      },
      { credentials },
    );
    const entries: IndexedEntity[] = [];
    for (const entity of items) {
      try {
        const selector = entitySelector(entity);
        if (selector)
          entries.push({ ref: stringifyEntityRef(entity), entity, selector });
      } catch (e) {
        this.logger.warn(
          `Ignoring ${stringifyEntityRef(entity)}: ${(e as Error).message}`,
        );
      }
    }
    this.entries = entries;
  }

  all(): IndexedEntity[] {
    return this.entries;
  }

  /** Entity refs whose selector matches an object in a cluster. */
  entitiesFor(cluster: string, object: any): string[] {
    return this.entries
      .filter(
        e =>
          (!e.selector.cluster || e.selector.cluster === cluster) &&
          isInScope(e.selector, object),
      )
      .map(e => e.ref);
  }
}
