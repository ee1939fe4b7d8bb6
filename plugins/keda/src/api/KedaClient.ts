import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { KedaHealthResponse } from '@keda-portal/plugin-keda-common';
import { KedaApi } from './KedaApi';

/**
 * Default {@link KedaApi}: plain HTTP through the app's fetch API (which adds the user's token).
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

  async getHealth(): Promise<KedaHealthResponse> {
    return this.get<KedaHealthResponse>('/health');
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
