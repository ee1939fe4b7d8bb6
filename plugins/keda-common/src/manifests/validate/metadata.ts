/**
 * The metadata rules every KEDA object shares: names, namespaces, labels
 * (the backstage.io/kubernetes-id link to the catalog) and annotations
 * (KEDA's pause annotations).
 */
import { ANNOTATION_KUBERNETES_ID } from '../../annotations';
import { PAUSED_REPLICAS_ANNOTATION } from '../build';
import { isObj, type Obj } from '../fields';
import { labelValueError, qualifiedNameError } from '../names';
import type { PathSegment } from '../paths';
import { INT32_MAX, type Checker } from './checker';

export function checkMetadata(c: Checker, manifest: Obj, kind: string) {
  const meta = manifest.metadata;
  if (!isObj(meta)) {
    c.add(
      ['metadata'],
      'is required',
      'Add metadata with a name and the backstage.io/kubernetes-id label.',
    );
    return;
  }
  const name = c.string(meta, ['metadata'], 'name', true, 'a name');
  c.name(['metadata', 'name'], name, 'subdomain', 'the name');
  if (kind === 'ScaledObject' && name !== undefined && name.length > 63) {
    c.add(
      ['metadata', 'name'],
      `a ScaledObject name must be at most 63 characters, '${name}' has ${name.length}`,
      'Shorten the name to 63 characters or fewer.',
    );
  }
  const namespace = c.string(meta, ['metadata'], 'namespace', false);
  if (kind === 'ClusterTriggerAuthentication') {
    if (namespace !== undefined) {
      c.add(
        ['metadata', 'namespace'],
        'a ClusterTriggerAuthentication is cluster-wide and has no namespace',
        'Remove metadata.namespace.',
      );
    }
  } else {
    c.name(['metadata', 'namespace'], namespace, 'label', 'the namespace');
  }

  checkLabels(c, meta);
  checkAnnotations(c, meta, kind);
}

/** Label keys and values, and the kubernetes-id label the portal finds objects by. */
function checkLabels(c: Checker, meta: Obj) {
  const labels = meta.labels;
  if (labels !== undefined && !isObj(labels)) {
    c.add(
      ['metadata', 'labels'],
      'must be a map of strings',
      'Write labels as key: value pairs.',
    );
  }
  const labelMap = isObj(labels) ? labels : {};
  for (const [key, value] of Object.entries(labelMap)) {
    const at: PathSegment[] = ['metadata', 'labels', key];
    const keyError = qualifiedNameError(key);
    if (keyError) {
      c.add(
        at,
        `the label key is invalid: ${keyError}`,
        'Use a key like example.com/name.',
      );
    }
    if (typeof value !== 'string') {
      c.add(at, 'label values must be strings', "Quote the value, e.g. '5'.");
    } else {
      const valueError = labelValueError(value);
      if (valueError) {
        c.add(
          at,
          `the label value ${valueError}`,
          'Use at most 63 letters, digits, -, _ and ., starting and ending with a letter or digit.',
        );
      }
    }
  }
  const id = labelMap[ANNOTATION_KUBERNETES_ID];
  if (id === undefined || id === '') {
    c.add(
      ['metadata', 'labels', ANNOTATION_KUBERNETES_ID],
      'is required, so the portal can link the object to its catalog entity',
      `Add the label ${ANNOTATION_KUBERNETES_ID} with the value of the entity's ${ANNOTATION_KUBERNETES_ID} annotation.`,
    );
  }
}

/** Annotation keys and values, and KEDA's paused-replicas annotation. */
function checkAnnotations(c: Checker, meta: Obj, kind: string) {
  const annotations = meta.annotations;
  if (annotations !== undefined && !isObj(annotations)) {
    c.add(
      ['metadata', 'annotations'],
      'must be a map of strings',
      'Write annotations as key: value pairs.',
    );
  }
  for (const [key, value] of Object.entries(
    isObj(annotations) ? annotations : {},
  )) {
    const at: PathSegment[] = ['metadata', 'annotations', key];
    const keyError = qualifiedNameError(key);
    if (keyError) {
      c.add(
        at,
        `the annotation key is invalid: ${keyError}`,
        'Use a key like example.com/name.',
      );
    }
    if (typeof value !== 'string') {
      c.add(
        at,
        'annotation values must be strings',
        "Quote the value, e.g. 'true'.",
      );
      continue;
    }
    if (key === PAUSED_REPLICAS_ANNOTATION) {
      if (kind !== 'ScaledObject') {
        c.add(
          at,
          'only ScaledObjects can pause at a replica count',
          'Remove it; use autoscaling.keda.sh/paused instead.',
        );
      } else if (!/^\d+$/.test(value) || Number(value) > INT32_MAX) {
        c.add(
          at,
          `must be a whole number of replicas, got '${value}'`,
          "Write the replica count to hold while paused, e.g. '0'.",
        );
      }
    }
  }
}
