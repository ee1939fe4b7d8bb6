import {
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  Watch,
} from '@kubernetes/client-node';
import { STATUS_CODES } from 'node:http';

/**
 * One kind of object a cluster cache holds.
 *
 * @public
 */
export interface ResourceKind {
  /** Short key, e.g. `scaledobjects`. */
  key: string;
  apiVersion: string;
  kind: string;
  /** Collection path for watches, e.g. `/apis/keda.sh/v1alpha1/scaledobjects`. */
  path: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Keeps only what the views need; never managedFields. */
  trim(object: any): KubernetesObject;
}

/**
 * What a cache knows about its own freshness.
 *
 * @public
 */
export type SyncState =
  | { state: 'syncing'; since: Date }
  | { state: 'synced'; since: Date }
  | { state: 'stale'; since: Date; error: string };

/** @public */
export type ChangeType = 'added' | 'modified' | 'deleted' | 'relisted';

/** @public */
export interface InformerOptions {
  pageSize?: number;
  /** First reconnect delay (500 ms); doubles up to `maxBackoffMs` (5 s), with jitter. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  onChange?: (type: ChangeType, object: KubernetesObject | undefined) => void;
  onError?: (error: Error) => void;
}

function keyOf(o: KubernetesObject) {
  return `${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
}

/**
 * List-then-watch for one kind: a paginated list (limit/continue), then a
 * watch from the list's resourceVersion with bookmarks. A 410 Gone (the
 * server compacted past our resourceVersion) triggers a relist; any other
 * failure a reconnect with exponential backoff and jitter.
 *
 * @public
 */
export class ResourceInformer {
  private readonly store = new Map<string, KubernetesObject>();
  private resourceVersion?: string;
  private abort?: AbortController;
  private timer?: ReturnType<typeof setTimeout>;
  private stopped = true;
  private failures = 0;
  private syncState: SyncState = { state: 'syncing', since: new Date() };
  private readonly api: KubernetesObjectApi;
  private readonly watch: Watch;
  /** Counts of list and watch requests, for tests and metrics. */
  readonly requests = { list: 0, watch: 0, relists: 0 };

  constructor(
    kc: KubeConfig,
    readonly kind: ResourceKind,
    private readonly options: InformerOptions = {},
  ) {
    this.api = KubernetesObjectApi.makeApiClient(kc);
    this.watch = new Watch(kc);
  }

  get state(): SyncState {
    return this.syncState;
  }

  list(): KubernetesObject[] {
    return [...this.store.values()];
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    void this.relist();
  }

  /**
   * Resumes watching from a given resourceVersion without listing first, as
   * after a reconnect. Used by tests to replay a watch from an old version.
   */
  resumeFrom(resourceVersion: string) {
    this.stopped = false;
    this.resourceVersion = resourceVersion;
    void this.startWatch();
  }

  /** The resourceVersion the next watch starts from. */
  get version(): string | undefined {
    return this.resourceVersion;
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.abort?.abort();
  }

  private setState(next: SyncState) {
    this.syncState = next;
  }

  private async relist() {
    if (this.stopped) return;
    try {
      const items: KubernetesObject[] = [];
      let continueToken: string | undefined;
      let listVersion: string | undefined;
      do {
        this.requests.list++;
        const page = await this.api.list(
          this.kind.apiVersion,
          this.kind.kind,
          undefined,
          undefined,
          undefined,
          undefined,
          this.kind.fieldSelector,
          this.kind.labelSelector,
          this.options.pageSize ?? 500,
          continueToken,
        );
        items.push(...page.items);
        continueToken = page.metadata?._continue || undefined;
        listVersion = page.metadata?.resourceVersion;
      } while (continueToken);
      if (this.stopped) return;

      this.store.clear();
      for (const item of items) {
        // Lists carry no kind per item; restore it for consumers.
        const full = {
          apiVersion: this.kind.apiVersion,
          kind: this.kind.kind,
          ...item,
        };
        this.store.set(keyOf(full), this.kind.trim(full));
      }
      this.resourceVersion = listVersion;
      this.failures = 0;
      this.setState({ state: 'synced', since: new Date() });
      this.options.onChange?.('relisted', undefined);
      await this.startWatch();
    } catch (e) {
      this.fail(e as Error);
    }
  }

  private async startWatch() {
    if (this.stopped) return;
    this.requests.watch++;
    let gone = false;
    try {
      this.abort = await this.watch.watch(
        this.kind.path,
        {
          resourceVersion: this.resourceVersion,
          allowWatchBookmarks: true,
          labelSelector: this.kind.labelSelector,
          fieldSelector: this.kind.fieldSelector,
        },
        (phase, object) => {
          if (phase === 'ERROR') {
            // A Status object: 410 means our resourceVersion is too old.
            gone = object?.code === 410;
            return;
          }
          const version = object?.metadata?.resourceVersion;
          if (version) this.resourceVersion = version;
          if (phase === 'BOOKMARK') return;
          const trimmed = this.kind.trim(object);
          if (phase === 'DELETED') {
            this.store.delete(keyOf(trimmed));
            this.options.onChange?.('deleted', trimmed);
          } else {
            this.store.set(keyOf(trimmed), trimmed);
            this.options.onChange?.(
              phase === 'ADDED' ? 'added' : 'modified',
              trimmed,
            );
          }
        },
        err => {
          if (this.stopped) return;
          if (gone || isGone(err)) {
            this.requests.relists++;
            void this.relist();
          } else if (err) {
            this.fail(err);
          } else {
            // The server closed a healthy watch (timeout): resume where we were.
            void this.startWatch();
          }
        },
      );
    } catch (e) {
      if (isGone(e)) {
        this.requests.relists++;
        void this.relist();
      } else {
        this.fail(e as Error);
      }
    }
  }

  private fail(error: Error) {
    if (this.stopped) return;
    this.failures++;
    if (this.syncState.state !== 'stale') {
      this.setState({
        state: 'stale',
        since: new Date(),
        error: describeError(error),
      });
    } else {
      this.setState({ ...this.syncState, error: describeError(error) });
    }
    this.options.onError?.(error);
    const base = this.options.minBackoffMs ?? 500;
    // A low cap: a retry against a down server is one refused connect, and a
    // restarted cluster must be live again within seconds, however long the
    // outage was (a 30 s cap left it stale for up to 30 s after a restart).
    const max = this.options.maxBackoffMs ?? 5_000;
    const delay = Math.min(max, base * 2 ** (this.failures - 1));
    const jittered = delay / 2 + Math.random() * (delay / 2);
    // After a failure the store may have missed events: relist, not rewatch.
    this.timer = setTimeout(() => void this.relist(), jittered);
  }
}

function isGone(e: any): boolean {
  return (
    e?.code === 410 ||
    e?.statusCode === 410 ||
    /\b410\b|too old resource version|Expired/i.test(String(e?.message ?? ''))
  );
}

/**
 * A short message for the cluster's status: the HTTP code, the API server's
 * own words and what to do, instead of the client's dump of body and headers.
 */
function describeError(error: any): string {
  const text = String(error?.message ?? error);
  const code = Number(
    error?.code ?? error?.statusCode ?? /HTTP-Code: (\d{3})/.exec(text)?.[1],
  );
  if (!(code >= 400)) return text;
  let status: any = error?.body;
  try {
    if (typeof status !== 'object') {
      // The client's message quotes the body as a JSON string literal.
      const quoted = /Body: ("(?:[^"\\]|\\.)*")/.exec(text)?.[1];
      status = JSON.parse(quoted ? JSON.parse(quoted) : status);
    }
  } catch {
    status = undefined;
  }
  const message = status?.message ?? STATUS_CODES[code] ?? 'request failed';
  const hints: Record<number, string> = {
    401: ': the API server does not accept the token; check serviceAccountToken',
    403: ': the account may not read this; grant the read-only role of examples/rbac',
  };
  const hint = hints[code] ?? '';
  return `HTTP ${code} ${message}${hint}`;
}
