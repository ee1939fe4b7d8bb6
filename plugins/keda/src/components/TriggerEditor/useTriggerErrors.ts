import type { TriggerIntent } from '@keda-portal/plugin-keda-common';
import { useState } from 'react';
import { hasOwnField, type ParameterLayout } from './parameters';
import { type LocatedProblem, problemText } from './problems';

/**
 * The fields that show their own problems: the fixed ones, every parameter
 * of the form, secret parameters not given as metadata, and the extra keys.
 */
function handledFields(
  layout: ParameterLayout,
  metadata: Record<string, unknown>,
  extraKeys: string[],
): Set<string> {
  const handled = new Set<string>([
    'type',
    'name',
    'metricType',
    'useCachedMetrics',
    'authentication',
    'authentication.name',
  ]);
  for (const p of [...layout.main, ...layout.more]) {
    handled.add(`metadata.${p.name}`);
  }
  for (const p of layout.secretMain) {
    if (metadata[p.name] === undefined) handled.add(`metadata.${p.name}`);
  }
  for (const k of extraKeys) handled.add(`metadata.${k}`);
  return handled;
}

/**
 * Which problems a trigger card shows where: the editor's own under a field
 * once it was touched (or filled), those handed in from outside always; what
 * no field shows is listed at the bottom (`remaining`).
 */
export function useTriggerErrors(options: {
  trigger: TriggerIntent;
  layout: ParameterLayout;
  problems: LocatedProblem[];
  external: LocatedProblem[];
}) {
  const { layout, problems, external } = options;
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const metadata = options.trigger.metadata ?? {};

  const touch = (...fields: string[]) =>
    setTouched(current => {
      if (fields.every(f => current.has(f))) return current;
      return new Set([...current, ...fields]);
    });

  /** Formatted problems of a field; internal ones only once relevant. */
  const errorsOf = (field: string, shown: boolean): string[] => {
    const texts = [
      ...external.filter(p => p.field === field),
      ...(shown || touched.has(field)
        ? problems.filter(p => p.field === field)
        : []),
    ].map(p => problemText(p.problem, { named: true }));
    return [...new Set(texts)];
  };

  const extraKeys = Object.keys(metadata).filter(k => !hasOwnField(layout, k));
  const handled = handledFields(layout, metadata, extraKeys);
  const isHandled = (field: string) =>
    handled.has(field) || field.startsWith('secretRefs.');
  const remaining = [
    ...new Set(
      [...external, ...problems]
        .filter(p => !isHandled(p.field))
        .map(p => problemText(p.problem, { named: true })),
    ),
  ];

  return {
    touch,
    errorsOf,
    /** Forgets what was touched, e.g. when the trigger type changes. */
    untouchAll: () => setTouched(new Set()),
    /** Metadata keys without a field of their own. */
    extraKeys,
    remaining,
  };
}
