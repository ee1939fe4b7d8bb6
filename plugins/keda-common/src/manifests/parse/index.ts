/**
 * KEDA manifests read back into a scaling intent: the inverse of
 * `buildManifests` for everything an intent can say. Whatever it cannot say
 * (a hand-written `volumes:` in a job, a Vault-backed TriggerAuthentication)
 * is listed as unsupported: a proposal built from the intent would rewrite
 * the spec without it, and the person proposing should know that first.
 *
 * scaledObject.ts and scaledJob.ts read the spec of each kind, triggers.ts the
 * triggers and their authentication, reader.ts is the typed accessor; the
 * field tables are shared with validation (../fields.ts).
 */
import { ANNOTATION_KUBERNETES_ID } from '../../annotations';
import { PAUSED_ANNOTATION, PAUSED_REPLICAS_ANNOTATION } from '../build';
import { isObj, type Obj } from '../fields';
import type { ScalingIntent, ScalingKind } from '../types';
import { defined, nonEmpty, Reader, scalarText } from './reader';
import { scaledJobFields } from './scaledJob';
import { scaledObjectFields } from './scaledObject';
import { triggerFrom } from './triggers';

/**
 * A scaling intent read from manifests, and what it could not hold.
 *
 * @public
 */
export interface ParsedIntent {
  intent: ScalingIntent;
  /**
   * Fields of the manifests that a scaling intent cannot hold, as paths
   * such as `spec.jobTargetRef.template.spec.volumes`. A proposal made from
   * `intent` would drop them.
   */
  unsupported: string[];
}

/**
 * Which object to read besides its name, and the values to use where the
 * manifest is silent (a kustomize overlay often sets the namespace for the
 * whole folder).
 *
 * @public
 */
export interface IntentLookupOptions {
  /** Only this kind; either when absent. */
  kind?: ScalingKind;
  /** Namespace when the manifest has none. */
  namespace?: string;
  /** `backstage.io/kubernetes-id` when the manifest has no such label. */
  kubernetesId?: string;
}

const SCALED_KINDS = ['ScaledObject', 'ScaledJob'];

function metadataOf(doc: Obj): Obj {
  return isObj(doc.metadata) ? doc.metadata : {};
}

/** True for the ScaledObject / ScaledJob asked for (same namespace when both say). */
function isScaledResource(
  d: unknown,
  name: string,
  options: IntentLookupOptions,
): d is Obj {
  if (!isObj(d)) return false;
  const m = metadataOf(d);
  return (
    SCALED_KINDS.includes(String(d.kind)) &&
    (!options.kind || d.kind === options.kind) &&
    m.name === name &&
    (options.namespace === undefined ||
      m.namespace === undefined ||
      m.namespace === options.namespace)
  );
}

/**
 * The ScaledObject or ScaledJob called `name` among parsed manifests (the
 * first one; of the given kind and namespace when the options say).
 *
 * @public
 */
export function findScaledResource(
  manifests: unknown[],
  name: string,
  options: IntentLookupOptions = {},
): Record<string, unknown> | undefined {
  return manifests.find((d): d is Obj => isScaledResource(d, name, options));
}

function pauseFrom(
  r: Reader,
  annotations: Obj,
  kind: ScalingKind,
): ScalingIntent['pause'] {
  const path = 'metadata.annotations';
  const paused = annotations[PAUSED_ANNOTATION];
  const replicas = annotations[PAUSED_REPLICAS_ANNOTATION];
  const pause: NonNullable<ScalingIntent['pause']> = {};
  if (paused !== undefined) {
    if (scalarText(paused) === 'true') pause.paused = true;
    else if (scalarText(paused) !== 'false') {
      r.skip(`${path}['${PAUSED_ANNOTATION}']`);
    }
  }
  if (replicas !== undefined) {
    const n = scalarText(replicas);
    if (kind === 'ScaledObject' && n !== undefined && /^\d+$/.test(n.trim())) {
      pause.replicas = Number(n.trim());
    } else {
      r.skip(`${path}['${PAUSED_REPLICAS_ANNOTATION}']`);
    }
  }
  return nonEmpty(pause);
}

/** The TriggerAuthentications of the namespace, by name (the first of each). */
function authenticationsIn(docs: Obj[], namespace: string): Map<string, Obj> {
  const authentications = new Map<string, Obj>();
  for (const d of docs) {
    const m = metadataOf(d);
    if (
      d.kind === 'TriggerAuthentication' &&
      typeof m.name === 'string' &&
      (m.namespace === undefined || m.namespace === namespace) &&
      !authentications.has(m.name)
    ) {
      authentications.set(m.name, d);
    }
  }
  return authentications;
}

/**
 * Reads the ScaledObject or ScaledJob called `name` out of a list of parsed
 * manifests (every document of a folder, in any order), with the
 * TriggerAuthentications among them that its triggers use.
 *
 * A TriggerAuthentication found in the manifests whose spec is only
 * `secretTargetRef` and `podIdentity` becomes `secretRefs` / `podIdentity`
 * (so a proposal keeps writing it); any other one, and every
 * ClusterTriggerAuthentication, becomes a reference `{ name, kind? }` that a
 * proposal leaves alone. Authentication names are always kept, so renaming a
 * trigger later does not create a second TriggerAuthentication.
 *
 * @returns undefined when there is no such object.
 * @public
 */
export function readIntentFromManifests(
  manifests: unknown[],
  name: string,
  options: IntentLookupOptions = {},
): ParsedIntent | undefined {
  const docs = manifests.filter(isObj);
  const scaled = findScaledResource(docs, name, options);
  if (!scaled) return undefined;
  const r = new Reader();
  const kind = scaled.kind as ScalingKind;
  const metadata = metadataOf(scaled);
  const namespace =
    scalarText(metadata.namespace) ?? options.namespace ?? ('' as string);
  const labels = isObj(metadata.labels) ? metadata.labels : {};
  const annotations = isObj(metadata.annotations) ? metadata.annotations : {};
  const authentications = authenticationsIn(docs, namespace);

  const spec = isObj(scaled.spec) ? scaled.spec : {};
  const fields =
    kind === 'ScaledJob'
      ? scaledJobFields(r, spec)
      : scaledObjectFields(r, spec);
  const triggers = (r.list(spec, 'triggers', 'spec') ?? []).flatMap(
    (t, i) => triggerFrom(r, t, `spec.triggers[${i}]`, authentications) ?? [],
  );
  const intent = defined<ScalingIntent>([
    ['kind', kind === 'ScaledJob' ? kind : undefined],
    ['name', name],
    ['namespace', namespace],
    [
      'kubernetesId',
      scalarText(labels[ANNOTATION_KUBERNETES_ID]) ??
        options.kubernetesId ??
        '',
    ],
    ...(Object.entries(fields) as Array<[keyof ScalingIntent, unknown]>),
    ['triggers', triggers],
    ['pause', pauseFrom(r, annotations, kind)],
  ]);
  return { intent, unsupported: r.unsupported };
}

/**
 * The scaling intent of the ScaledObject or ScaledJob called `name` among
 * parsed manifests; see {@link readIntentFromManifests}.
 *
 * @public
 */
export function intentFromManifests(
  manifests: unknown[],
  name: string,
  options: IntentLookupOptions = {},
): ScalingIntent | undefined {
  return readIntentFromManifests(manifests, name, options)?.intent;
}
