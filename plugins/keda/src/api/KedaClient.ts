import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type * as Api from '@keda-portal/plugin-keda-common';
import { CompoundRef, KedaApi } from './KedaApi';

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

  getHealth(): Promise<Api.KedaHealthResponse> {
    return this.get('/health');
  }

  getScaling(ref: CompoundRef): Promise<Api.EntityScalingResponse> {
    return this.get(`${entityPath(ref)}/scaling`);
  }

  getHistory(ref: CompoundRef, hours: number): Promise<Api.HistoryResponse> {
    return this.get(
      `${entityPath(ref)}/history?hours=${encodeURIComponent(hours)}`,
    );
  }

  getOverview(
    filters: Api.OverviewFilters = {},
  ): Promise<Api.OverviewResponse> {
    const query = new URLSearchParams(
      Object.entries(filters).filter(([, v]) => v) as [string, string][],
    ).toString();
    return this.get(`/overview${query ? `?${query}` : ''}`);
  }

  previewChange(
    ref: CompoundRef,
    intent: Api.ScalingIntent,
    options: Api.ChangeOptions = {},
  ): Promise<Api.ChangePreview> {
    return this.post(
      `${entityPath(ref)}/changes/preview`,
      changeBody(intent, options),
    );
  }

  proposeChange(
    ref: CompoundRef,
    intent: Api.ScalingIntent,
    options: Api.ChangeOptions = {},
  ): Promise<Api.ChangeProposal> {
    return this.post(`${entityPath(ref)}/changes`, changeBody(intent, options));
  }

  getGitopsRepositories(): Promise<Api.GitopsRepositories> {
    return this.get('/changes/repositories');
  }

  listChanges(ref: CompoundRef): Promise<Api.ChangeListResponse> {
    return this.get(`${entityPath(ref)}/changes`);
  }

  getGuardrails(ref: CompoundRef): Promise<Api.ChangeGuardrails> {
    return this.get(`${entityPath(ref)}/changes/guardrails`);
  }

  getCurrentIntent(
    ref: CompoundRef,
    workload: Api.WorkloadRef,
  ): Promise<Api.CurrentIntentResponse> {
    const query = new URLSearchParams(
      Object.entries(workload).filter(([, v]) => v) as [string, string][],
    ).toString();
    return this.get(`${entityPath(ref)}/changes/current?${query}`);
  }

  getProposalDiff(
    repoUrl: string,
    branch: string,
  ): Promise<Api.ProposalDiffResponse> {
    const params: Api.ProposalDiffQuery = { repo: repoUrl, branch };
    const query = new URLSearchParams({ ...params });
    return this.get(`/changes/diff?${query}`);
  }

  private get<T>(path: string): Promise<T> {
    return this.request(path);
  }

  private post<T>(path: string, body: Api.ChangeRequestBody): Promise<T> {
    return this.request(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const base = await this.options.discoveryApi.getBaseUrl('keda');
    const res = await this.options.fetchApi.fetch(`${base}${path}`, init);
    if (!res.ok) {
      // The backend's message names the field or annotation to fix; Backstage's
      // "Request failed with 400 Bad Request" alone does not.
      const error = await ResponseError.fromResponse(res);
      const message = error.body?.error?.message;
      if (message) error.message = message;
      throw error;
    }
    return (await res.json()) as T;
  }
}

function changeBody(
  intent: Api.ScalingIntent,
  options: Api.ChangeOptions,
): Api.ChangeRequestBody {
  return { intent, ...(options.gitops ? { gitops: options.gitops } : {}) };
}

function entityPath({ kind, namespace, name }: CompoundRef) {
  const e = encodeURIComponent;
  return `/entities/${e(namespace)}/${e(kind.toLocaleLowerCase('en-US'))}/${e(
    name,
  )}`;
}
