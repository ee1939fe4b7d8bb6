/**
 * Maps KEDA triggers to their metric names, HPA metrics, activity and
 * health. KEDA names the metric of `spec.triggers[i]` `s<i>-<something>`;
 * cpu and memory triggers become HPA `Resource` (or `ContainerResource`)
 * metrics; with `advanced.scalingModifiers` the HPA gets one external metric,
 * `composite-metric`, instead of one per trigger.
 */
import { parseQuantity } from './quantity';
import type {
  CompositeMetricView,
  HpaLike,
  HpaMetricLike,
  HpaMetricTargetLike,
  HpaMetricValueLike,
  KedaTriggerLike,
  MetricReading,
  ScaledJobLike,
  ScaledObjectLike,
  TriggerStatusView,
} from './types';

const METRIC_INDEX = /^s(\d+)-/;

/** The name KEDA gives the combined metric of scalingModifiers. */
export const COMPOSITE_METRIC_NAME = 'composite-metric';

/**
 * The index in `spec.triggers` a KEDA metric name belongs to (`s3-kafka-x`
 * → 3), or `undefined` for names without the prefix.
 *
 * @public
 */
export function metricTriggerIndex(metricName: string): number | undefined {
  const match = METRIC_INDEX.exec(metricName);
  return match ? Number(match[1]) : undefined;
}

function isResourceTrigger(type: string): boolean {
  return type === 'cpu' || type === 'memory';
}

/**
 * The metadata key that holds a trigger type's per-replica target, and its
 * default. Only the common scalers are listed; others fall back to the
 * usual key names.
 */
const TARGET_KEYS: Record<string, { keys: string[]; default?: string }> = {
  prometheus: { keys: ['threshold'] },
  kafka: { keys: ['lagThreshold'], default: '10' },
  'apache-kafka': { keys: ['lagThreshold'], default: '10' },
  rabbitmq: { keys: ['value', 'queueLength'] },
  'aws-sqs-queue': { keys: ['queueLength'], default: '5' },
  redis: { keys: ['listLength'], default: '5' },
  'redis-cluster': { keys: ['listLength'], default: '5' },
  'redis-sentinel': { keys: ['listLength'], default: '5' },
  'redis-streams': {
    keys: ['pendingEntriesCount', 'streamLength', 'lagCount'],
    default: '5',
  },
  'azure-servicebus': { keys: ['messageCount'], default: '5' },
  'azure-queue': { keys: ['queueLength'], default: '5' },
  postgresql: { keys: ['targetQueryValue'] },
  mysql: { keys: ['queryValue'] },
  mssql: { keys: ['targetValue'] },
  'nats-jetstream': { keys: ['lagThreshold'], default: '10' },
  'gcp-pubsub': { keys: ['value'], default: '10' },
  'metrics-api': { keys: ['targetValue'] },
  cpu: { keys: ['value'] },
  memory: { keys: ['value'] },
  // cron's metric is its desired replica count against a target of 1.
  cron: { keys: [], default: '1' },
};

const GENERIC_TARGET_KEYS = [
  'threshold',
  'targetValue',
  'value',
  'targetMetricValue',
  'queryValue',
];

function readingType(type: string | undefined): MetricReading['type'] {
  if (type === 'Utilization' || type === 'Value') return type;
  return 'AverageValue';
}

/**
 * A trigger's target as written in its metadata (with the scaler's default
 * when left out), or `undefined` when it cannot be told.
 *
 * @public
 */
export function triggerMetadataTarget(
  trigger: KedaTriggerLike,
): MetricReading | undefined {
  const metadata = trigger.metadata ?? {};
  const known = TARGET_KEYS[trigger.type];
  const keys = known?.keys ?? GENERIC_TARGET_KEYS;
  const key = keys.find(k => metadata[k] !== undefined && metadata[k] !== '');
  const raw = key ? metadata[key] : known?.default;
  const value = parseQuantity(raw);
  if (raw === undefined || value === undefined) return undefined;
  const type = isResourceTrigger(trigger.type)
    ? readingType(trigger.metricType ?? 'Utilization')
    : readingType(trigger.metricType);
  return type === 'Utilization' ? { type, value } : { type, value, raw };
}

/**
 * The `target` of an HPA metric spec as a reading.
 *
 * @public
 */
export function readMetricTarget(
  target: HpaMetricTargetLike | undefined,
): MetricReading | undefined {
  if (!target) return undefined;
  const type = readingType(target.type);
  if (type === 'Utilization') {
    return target.averageUtilization === undefined
      ? undefined
      : { type, value: target.averageUtilization };
  }
  const raw = type === 'Value' ? target.value : target.averageValue;
  const value = parseQuantity(raw);
  return value === undefined ? undefined : { type, value, raw: String(raw) };
}

/**
 * The `current` of an HPA metric status as a reading; `preferred` (the
 * target's type) decides which field to read when several are set.
 *
 * @public
 */
export function readMetricCurrent(
  current: HpaMetricValueLike | undefined,
  preferred?: MetricReading['type'],
): MetricReading | undefined {
  if (!current) return undefined;
  const order: MetricReading['type'][] = preferred
    ? [preferred, 'AverageValue', 'Value', 'Utilization']
    : ['AverageValue', 'Value', 'Utilization'];
  for (const type of order) {
    if (type === 'Utilization') {
      if (current.averageUtilization !== undefined) {
        return { type, value: current.averageUtilization };
      }
      continue;
    }
    const raw = type === 'Value' ? current.value : current.averageValue;
    const value = parseQuantity(raw);
    if (value !== undefined) return { type, value, raw: String(raw) };
  }
  return undefined;
}

/** The body of an HPA metric (spec or status) for one name or resource. */
function findHpaMetric(
  metrics: HpaMetricLike[] | null | undefined,
  match: (m: HpaMetricLike) => boolean,
) {
  const metric = (metrics ?? []).find(match);
  if (!metric) return undefined;
  return (
    metric.external ??
    metric.containerResource ??
    metric.resource ??
    metric.pods ??
    metric.object
  );
}

function externalNamed(name: string) {
  return (m: HpaMetricLike) =>
    m.type === 'External' && m.external?.metric?.name === name;
}

function resourceFor(trigger: KedaTriggerLike) {
  const container = trigger.metadata?.containerName;
  return (m: HpaMetricLike) =>
    container
      ? m.type === 'ContainerResource' &&
        m.containerResource?.name === trigger.type &&
        m.containerResource?.container === container
      : m.type === 'Resource' && m.resource?.name === trigger.type;
}

/**
 * Whether the HPA gets the one combined metric. Only a formula makes it so,
 * as in KEDA: once the operator has updated a ScaledObject that has
 * `advanced`, it holds `scalingModifiers: {}` (a Go struct, never omitted).
 */
function hasComposite(object: ScaledObjectLike | ScaledJobLike): boolean {
  const so = object as ScaledObjectLike;
  return Boolean(
    so.status?.compositeScalerName ||
      so.spec?.advanced?.scalingModifiers?.formula,
  );
}

function pushUnique(list: string[], name: string) {
  if (!list.includes(name)) list.push(name);
}

/**
 * One view per `spec.triggers[i]`: its metric names, HPA reading and
 * target, activity, health and authentication.
 *
 * @public
 */
export function buildTriggerStatuses(
  object: ScaledObjectLike | ScaledJobLike,
  hpa?: HpaLike,
): TriggerStatusView[] {
  const triggers = object.spec?.triggers ?? [];
  const status = (object as ScaledObjectLike).status ?? {};
  const composite = hasComposite(object);
  const namesByIndex = new Map<number, string[]>();
  const collect = (name: string | undefined) => {
    if (!name) return;
    const index = metricTriggerIndex(name);
    if (index === undefined) return;
    const list = namesByIndex.get(index) ?? [];
    pushUnique(list, name);
    namesByIndex.set(index, list);
  };
  (status.externalMetricNames ?? []).forEach(collect);
  (hpa?.spec?.metrics ?? []).forEach(m => collect(m.external?.metric?.name));
  Object.keys(status.health ?? {}).forEach(collect);
  Object.keys(status.triggersActivity ?? {}).forEach(collect);

  return triggers.map((trigger, index) => {
    const resource = isResourceTrigger(trigger.type);
    const metricNames = resource
      ? [trigger.type]
      : namesByIndex.get(index) ?? [];
    const view: TriggerStatusView = {
      index,
      type: trigger.type,
      label: trigger.name || trigger.type,
      metricNames,
    };
    if (trigger.name) view.name = trigger.name;
    if (trigger.metricType) view.metricType = trigger.metricType;
    if (trigger.authenticationRef?.name) {
      view.authenticationRef = {
        name: trigger.authenticationRef.name,
        kind: trigger.authenticationRef.kind ?? 'TriggerAuthentication',
      };
    }

    // The HPA's view of the trigger.
    if (hpa) {
      let specBody;
      let statusBody;
      if (resource) {
        specBody = findHpaMetric(hpa.spec?.metrics, resourceFor(trigger));
        statusBody = findHpaMetric(
          hpa.status?.currentMetrics,
          resourceFor(trigger),
        );
        view.hpaMetricKind = trigger.metadata?.containerName
          ? 'ContainerResource'
          : 'Resource';
      } else if (composite) {
        view.hpaMetricKind = 'Composite';
      } else {
        const name = metricNames.find(n =>
          findHpaMetric(hpa.spec?.metrics, externalNamed(n)),
        );
        if (name) {
          specBody = findHpaMetric(hpa.spec?.metrics, externalNamed(name));
          statusBody = findHpaMetric(
            hpa.status?.currentMetrics,
            externalNamed(name),
          );
          view.hpaMetricKind = 'External';
        } else {
          const named = metricNames.find(n =>
            findHpaMetric(hpa.status?.currentMetrics, externalNamed(n)),
          );
          if (named) {
            statusBody = findHpaMetric(
              hpa.status?.currentMetrics,
              externalNamed(named),
            );
            view.hpaMetricKind = 'External';
          }
        }
      }
      const target = readMetricTarget(specBody?.target);
      if (target) {
        view.target = target;
        view.targetSource = 'hpa';
      }
      const current = readMetricCurrent(statusBody?.current, target?.type);
      if (current) view.current = current;
    } else if (resource) {
      view.hpaMetricKind = trigger.metadata?.containerName
        ? 'ContainerResource'
        : 'Resource';
    } else if (composite) {
      view.hpaMetricKind = 'Composite';
    }
    if (!view.target) {
      const target = triggerMetadataTarget(trigger);
      if (target) {
        view.target = target;
        view.targetSource = 'metadata';
      }
    }

    // KEDA's own bookkeeping, keyed by metric name.
    const activity = metricNames
      .map(n => status.triggersActivity?.[n]?.isActive)
      .filter((a): a is boolean => typeof a === 'boolean');
    if (activity.length > 0) view.active = activity.some(Boolean);
    const health = metricNames
      .map(n => status.health?.[n])
      .filter(h => h !== undefined);
    if (health.length > 0) {
      const failing = health.find(h => h?.status && h.status !== 'Happy');
      const worst = failing ?? health[0];
      if (worst?.status) view.healthStatus = worst.status;
      const failures = Math.max(...health.map(h => h?.numberOfFailures ?? 0));
      view.failures = failures;
    }
    return view;
  });
}

/**
 * The combined metric of `advanced.scalingModifiers`, when used.
 *
 * @public
 */
export function buildCompositeMetric(
  scaledObject: ScaledObjectLike,
  hpa?: HpaLike,
): CompositeMetricView | undefined {
  if (!hasComposite(scaledObject)) return undefined;
  const modifiers = scaledObject.spec?.advanced?.scalingModifiers;
  const metricName =
    scaledObject.status?.compositeScalerName || COMPOSITE_METRIC_NAME;
  const view: CompositeMetricView = { metricName };
  if (modifiers?.formula) view.formula = modifiers.formula;
  const specBody = findHpaMetric(hpa?.spec?.metrics, externalNamed(metricName));
  let target = readMetricTarget(specBody?.target);
  if (!target && modifiers?.target !== undefined) {
    const value = parseQuantity(modifiers.target);
    if (value !== undefined) {
      target = {
        type: readingType(modifiers.metricType),
        value,
        raw: modifiers.target,
      };
    }
  }
  if (target) view.target = target;
  const statusBody = findHpaMetric(
    hpa?.status?.currentMetrics,
    externalNamed(metricName),
  );
  const current = readMetricCurrent(statusBody?.current, target?.type);
  if (current) view.current = current;
  return view;
}
