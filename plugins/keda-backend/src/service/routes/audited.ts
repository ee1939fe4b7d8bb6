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

/** Where an entity route's path lives. */
export const ENTITY_PATH = '/entities/:namespace/:kind/:name';

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

/**
 * Runs `work` for a signed-in user or a service under the audit event
 * `eventId`; `work` answers the body and the meta of a successful event.
 */
export async function audited<T>(
  deps: AuditDeps,
  req: express.Request<any, any, any, any>,
  event: { eventId: string; meta?: JsonObject },
  work: (
    credentials: BackstageCredentials,
  ) => Promise<{ body: T; meta?: JsonObject }>,
): Promise<T> {
  const audit = await deps.auditor.createEvent({ ...event, request: req });
  try {
    const credentials = await deps.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { body, meta } = await work(credentials);
    await audit.success(meta && { meta });
    return body;
  } catch (error) {
    await audit.fail({ error: error as Error });
    throw error;
  }
}
