import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  EntityScalingResponse,
  HistoryResponse,
  KedaHealthResponse,
  OverviewResponse,
} from '@keda-portal/plugin-keda-common';
import { CompoundRef, KedaApi, OverviewFilters } from './KedaApi';

/**
 * Default {@link KedaApi}: plain HTTP through the app's fetch API (which adds
 * the user's token).
 *
 * @public
 */
export class KedaClient implements KedaApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  getHealth(): Promise<KedaHealthResponse> {
    return this.get('/health');
  }

  getScaling(ref: CompoundRef): Promise<EntityScalingResponse> {
    return this.get(`${entityPath(ref)}/scaling`);
  }

  getHistory(ref: CompoundRef, hours: number): Promise<HistoryResponse> {
    return this.get(
      `${entityPath(ref)}/history?hours=${encodeURIComponent(hours)}`,
    );
  }

  getOverview(filters: OverviewFilters = {}): Promise<OverviewResponse> {
    const query = new URLSearchParams(
      Object.entries(filters).filter(([, v]) => v) as [string, string][],
    ).toString();
    return this.get(`/overview${query ? `?${query}` : ''}`);
  }

  private async get<T>(path: string): Promise<T> {
    const base = await this.options.discoveryApi.getBaseUrl('keda');
    const res = await this.options.fetchApi.fetch(`${base}${path}`);
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return (await res.json()) as T;
  }
}

function entityPath({ kind, namespace, name }: CompoundRef) {
  const e = encodeURIComponent;
  return `/entities/${e(namespace)}/${e(kind.toLocaleLowerCase('en-US'))}/${e(
    name,
  )}`;
}
