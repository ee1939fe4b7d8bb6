/**
 * What a new event-driven worker consists of: the catalog entity, its KEDA
 * intent and, for a long-running worker, its Deployment. Pure functions; the
 * `keda:gitops:propose-worker` action does the I/O.
 */
import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_NAMESPACE,
  dns1123LabelError,
  GITOPS_ANNOTATIONS,
  type ScalingIntent,
} from '@keda-portal/plugin-keda-common';
import { stringify } from 'yaml';
import { toScalingIntent, type TriggerInput } from './intent';

/**
 * `long-running`: a Deployment scaled by a ScaledObject.
 * `job`: a ScaledJob that starts one Kubernetes Job per unit of work.
 */
export type WorkerType = 'long-running' | 'job';

/** The worker as the action receives it. */
export interface WorkerInput {
  name: string;
  namespace: string;
  owner: string;
  image: string;
  workerType?: WorkerType;
  description?: string;
  system?: string;
  lifecycle?: string;
  triggers: TriggerInput[];
  minReplicaCount?: number;
  maxReplicaCount?: number;
  idleReplicaCount?: number;
  pollingInterval?: number;
  cooldownPeriod?: number;
  repoUrl?: string;
  path?: string;
  environment?: string;
}

/** The label that ties the Deployment's pods to it. */
const NAME_LABEL = 'app.kubernetes.io/name';

/** Refuses a worker name that cannot name a Deployment, a container and an entity. */
export function checkWorkerName(name: string) {
  const error = dns1123LabelError(name);
  if (error) {
    throw new InputError(
      `name: ${error} Choose a name such as invoice-worker: it names the component, the workload and its container.`,
    );
  }
}

/**
 * The catalog entity of the worker. The same object is the engine's view of
 * the worker (its annotations say where the GitOps files go, always in the
 * `plain` layout) and the `catalog-info.yaml` proposed next to them.
 */
export function workerEntity(
  input: WorkerInput,
  gitops: { repoUrl?: string; path?: string },
): Entity {
  const type = input.workerType ?? 'long-running';
  const annotations: Record<string, string> = {
    [ANNOTATION_KUBERNETES_ID]: input.name,
    [ANNOTATION_KUBERNETES_NAMESPACE]: input.namespace,
    ...(gitops.repoUrl && { [GITOPS_ANNOTATIONS.repo]: gitops.repoUrl }),
    ...(gitops.path !== undefined && {
      [GITOPS_ANNOTATIONS.path]: gitops.path,
    }),
    [GITOPS_ANNOTATIONS.layout]: 'plain',
    ...(input.environment && {
      [GITOPS_ANNOTATIONS.environment]: input.environment,
    }),
  };
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: input.name,
      namespace: 'default',
      ...(input.description && { description: input.description }),
      annotations,
      tags: ['keda', type === 'job' ? 'scaled-job' : 'worker'],
    },
    spec: {
      type: type === 'job' ? 'batch-job' : 'service',
      lifecycle: input.lifecycle || 'experimental',
      owner: input.owner,
      ...(input.system && { system: input.system }),
    },
  };
}

/** The KEDA intent of the worker: a ScaledObject on its Deployment, or a ScaledJob. */
export function workerIntent(input: WorkerInput): ScalingIntent {
  const common = {
    name: input.name,
    namespace: input.namespace,
    kubernetesId: input.name,
    minReplicaCount: input.minReplicaCount,
    maxReplicaCount: input.maxReplicaCount,
    pollingInterval: input.pollingInterval,
    triggers: input.triggers,
  };
  if ((input.workerType ?? 'long-running') === 'job') {
    return toScalingIntent({
      ...common,
      kind: 'ScaledJob',
      jobTemplate: {
        containers: [{ name: input.name, image: input.image }],
      },
      // Left for the domain to refuse with its own message.
      ...(input.idleReplicaCount !== undefined && {
        idleReplicaCount: input.idleReplicaCount,
      }),
      ...(input.cooldownPeriod !== undefined && {
        cooldownPeriod: input.cooldownPeriod,
      }),
    });
  }
  return toScalingIntent({
    ...common,
    kind: 'ScaledObject',
    scaleTarget: { name: input.name },
    idleReplicaCount: input.idleReplicaCount,
    cooldownPeriod: input.cooldownPeriod,
  });
}

/**
 * The Deployment of a long-running worker. It has no `spec.replicas`: the
 * HPA that KEDA creates owns the replica count, and a GitOps tool syncing a
 * fixed count would fight it.
 */
export function workerDeployment(input: WorkerInput): string {
  // A new object at each place, so the YAML has no anchors and aliases.
  const labels = () => ({
    [NAME_LABEL]: input.name,
    [ANNOTATION_KUBERNETES_ID]: input.name,
  });
  return stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: input.name,
      namespace: input.namespace,
      labels: labels(),
    },
    spec: {
      selector: { matchLabels: { [NAME_LABEL]: input.name } },
      template: {
        metadata: { labels: labels() },
        spec: { containers: [{ name: input.name, image: input.image }] },
      },
    },
  });
}

/** The worker's `catalog-info.yaml`. */
export function workerCatalogInfo(entity: Entity): string {
  return stringify(entity);
}

/**
 * The files of a worker besides its KEDA manifests, by file name in the
 * worker's GitOps folder.
 */
export function workerFiles(
  input: WorkerInput,
  entity: Entity,
): Array<{ path: string; content: string; reason: string }> {
  const files = [
    {
      path: 'catalog-info.yaml',
      content: workerCatalogInfo(entity),
      reason: `Registers the component ${input.name} in the catalog.`,
    },
  ];
  if ((input.workerType ?? 'long-running') === 'long-running') {
    files.unshift({
      path: 'deployment.yaml',
      content: workerDeployment(input),
      reason: `Adds Deployment ${input.name}, without spec.replicas: KEDA owns the replica count.`,
    });
  }
  return files;
}
