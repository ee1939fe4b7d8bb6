import type { OverviewItem } from '@keda-portal/plugin-keda-common';
import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ownerMatches } from './owners';

/** The filters, as query parameters: a filtered view can be shared and survives a reload. */
export const FILTERS = ['health', 'cluster', 'trigger', 'owner', 'q'] as const;
/** One of the fleet page's filters. */
export type Filter = (typeof FILTERS)[number];

/** The fleet page's filters, read from and written to the URL. */
export function useFleetFilters() {
  const [params, setParams] = useSearchParams();
  const filter = useCallback(
    (name: Filter) => params.get(name) ?? '',
    [params],
  );
  const change = (edit: (next: URLSearchParams) => void) =>
    setParams(
      p => {
        const next = new URLSearchParams(p);
        edit(next);
        return next;
      },
      { replace: true },
    );
  return {
    filter,
    setFilter: (name: Filter, v: string) =>
      change(next => (v ? next.set(name, v) : next.delete(name))),
    active: FILTERS.filter(f => filter(f)),
    clearFilters: () => change(next => FILTERS.forEach(f => next.delete(f))),
  };
}

/** The items the filters let through. */
export function filterItems(
  items: OverviewItem[],
  filter: (name: Filter) => string,
): OverviewItem[] {
  const [health, cluster, owner, trigger] = [
    filter('health'),
    filter('cluster'),
    filter('owner'),
    filter('trigger'),
  ];
  const q = filter('q').toLocaleLowerCase('en-US');
  return items.filter(
    i =>
      (!health || i.health === health) &&
      (!cluster || i.cluster === cluster) &&
      (!owner || i.owners.some(o => ownerMatches(o, owner))) &&
      (!trigger || i.triggerTypes.includes(trigger)) &&
      (!q ||
        `${i.namespace}/${i.name} ${i.diagnosis}`
          .toLocaleLowerCase('en-US')
          .includes(q)),
  );
}
