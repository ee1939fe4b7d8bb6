/**
 * The pattern every audited route follows: name the entity from the path,
 * open an audit event, resolve the caller, do the work, close the event
 * with success or the error.
 */
import type {
  AuditorService,
  AuditorServiceCreateEventOptions,
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type express from 'express';

/** What {@link audited} needs. */
export interface AuditDeps {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
}

/** Path parameters of `/entities/:namespace/:kind/:name/...`. */
export interface EntityParams {
  [key: string]: string;
  namespace: string;
  kind: string;
  name: string;
}

/** The meta of an audit event. */
type JsonObject = NonNullable<AuditorServiceCreateEventOptions['meta']>;

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;

/** The entity reference of the path, refused by parameter when malformed. */
export function entityRefOf(
  req: express.Request<EntityParams, any, any, any>,
): string {
  const { namespace, kind, name } = req.params;
  for (const [field, value] of Object.entries({ namespace, kind, name })) {
    if (!NAME.test(value)) {
      throw new InputError(
        `${field} '${value}' is not a valid entity ${field}: use letters, digits, '.', '_' and '-'`,
      );
    }
  }
  return stringifyEntityRef({ kind, namespace, name });
}

/** What a route's work answers: the body, and the meta of a successful event. */
export interface Answer<T> {
  body: T;
  meta?: JsonObject;
  /** HTTP status; default 200. */
  status?: number;
}

/**
 * Runs `work` for a signed-in user or a service under the audit event
 * `eventId`, closing the event with success or the error.
 */
export async function audited<T>(
  deps: AuditDeps,
  req: express.Request<any, any, any, any>,
  event: { eventId: string; meta?: JsonObject },
  work: (credentials: BackstageCredentials) => Promise<Answer<T>>,
): Promise<Answer<T>> {
  const audit = await deps.auditor.createEvent({ ...event, request: req });
  try {
    const credentials = await deps.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const answer = await work(credentials);
    await audit.success(answer.meta && { meta: answer.meta });
    return answer;
  } catch (error) {
    await audit.fail({ error: error as Error });
    throw error;
  }
}

/**
 * Adds `GET` or `POST /entities/:namespace/:kind/:name<path>`: `check`
 * refuses a malformed query or body first, then the entity is named from the
 * path and `work` runs audited under `eventId`, with the entity in the meta.
 */
export function addEntityRoute<T, B = unknown>(
  router: express.Router,
  deps: AuditDeps,
  route: {
    method: 'get' | 'post';
    path: string;
    eventId: string;
    check?: (req: express.Request<EntityParams, T, B, any>) => void;
  },
  work: (
    entityRef: string,
    credentials: BackstageCredentials,
    req: express.Request<EntityParams, T, B, any>,
  ) => Promise<Answer<T>>,
) {
  router[route.method]<EntityParams, T, B, any>(
    `/entities/:namespace/:kind/:name${route.path}`,
    async (req, res) => {
      route.check?.(req);
      const entityRef = entityRefOf(req);
      const answer = await audited(
        deps,
        req,
        { eventId: route.eventId, meta: { entityRef } },
        credentials => work(entityRef, credentials, req),
      );
      res.status(answer.status ?? 200).json(answer.body);
    },
  );
}
