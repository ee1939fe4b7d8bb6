import {
  Content,
  EmptyState,
  Header,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  OverviewItem,
  OverviewResponse,
  ScalingHealth,
} from '@keda-portal/plugin-keda-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { kedaApiRef } from '../../api';
import { runningText } from '../EntityKedaCard/runningText';
import { breakable } from '../EntityScaling/breakable';
import { HealthChip, healthLabel } from '../HealthChip';
import { ownerMatches, shortOwner } from './owners';

const HEALTHS: ScalingHealth[] = [
  'failing',
  'degraded',
  'paused',
  'idle',
  'ok',
];

/** The filters, as query parameters: a filtered view can be shared and survives a reload. */
const FILTERS = ['health', 'cluster', 'trigger', 'owner', 'q'] as const;
type Filter = (typeof FILTERS)[number];

/** Why the table is empty: nothing found at all, or nothing matching. */
function Empty({
  value,
  onClear,
}: {
  value: OverviewResponse;
  onClear?: () => void;
}) {
  if (onClear) {
    return (
      <Box p={3} textAlign="center" data-testid="fleet-empty">
        <strong>No workload matches these filters.</strong> {value.items.length}{' '}
        scaled workloads are hidden by them.
        <Box mt={1}>
          <Button variant="outlined" color="primary" onClick={onClear}>
            Clear filters
          </Button>
        </Box>
      </Box>
    );
  }
  const clusters = value.clusters.map(c => c.cluster);
  return (
    <Box data-testid="fleet-empty">
      <EmptyState
        missing="data"
        title={
          clusters.length
            ? 'No ScaledObjects or ScaledJobs found in any cluster'
            : 'No cluster configured'
        }
        description={
          clusters.length
            ? `KEDA Portal read ${clusters.join(
                ', ',
              )} and found no ScaledObject or ScaledJob that belongs to a catalog entity you may see. Workloads are matched to components by their backstage.io/kubernetes-id label.`
            : 'Add a cluster under kubernetes.clusterLocatorMethods in app-config.yaml.'
        }
      />
    </Box>
  );
}

/** Every scaled workload the user may see, across clusters. */
export function FleetPage() {
  const kedaApi = useApi(kedaApiRef);
  const entityLink = useEntityRefLink();
  const [params, setParams] = useSearchParams();
  const filter = useCallback(
    (name: Filter) => params.get(name) ?? '',
    [params],
  );
  const setFilter = (name: Filter, v: string) =>
    setParams(
      p => {
        const next = new URLSearchParams(p);
        if (v) next.set(name, v);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  const active = FILTERS.filter(f => filter(f));
  const clearFilters = () =>
    setParams(
      p => {
        const next = new URLSearchParams(p);
        FILTERS.forEach(f => next.delete(f));
        return next;
      },
      { replace: true },
    );

  const { value, loading, error } = useAsync(
    () => kedaApi.getOverview(),
    [kedaApi],
  );

  const items = useMemo(() => value?.items ?? [], [value]);
  const filtered = useMemo(() => {
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
  }, [items, filter]);
  const counts = HEALTHS.map(
    h => [h, items.filter(i => i.health === h).length] as const,
  );
  const clusters = [...new Set(items.map(i => i.cluster))].sort();
  const types = [...new Set(items.flatMap(i => i.triggerTypes))].sort();

  const columns: TableColumn<OverviewItem & { id: string }>[] = [
    {
      title: 'Workload',
      field: 'name',
      render: i => (
        <Link to={`${entityLink(i.entityRefs[0])}/autoscaling`}>
          {breakable(`${i.namespace}/${i.name}`)}
        </Link>
      ),
    },
    {
      title: 'Health',
      field: 'health',
      customSort: (a, b) =>
        HEALTHS.indexOf(a.health) - HEALTHS.indexOf(b.health),
      render: i => <HealthChip health={i.health} />,
    },
    {
      title: 'Diagnosis',
      field: 'diagnosis',
      // Wide enough for a sentence, so names in it are not broken mid-word.
      width: '35%',
      cellStyle: { minWidth: 240, wordBreak: 'normal', overflowWrap: 'normal' },
    },
    {
      title: 'Replicas',
      customSort: (a, b) =>
        (a.replicas.current ?? 0) - (b.replicas.current ?? 0),
      render: i => runningText({ kind: i.kind, status: i }),
    },
    { title: 'Triggers', render: i => i.triggerTypes.join(', ') },
    {
      title: 'Owner',
      render: i =>
        i.owners.map((o, n) => (
          <span key={o} style={{ whiteSpace: 'nowrap' }}>
            {n > 0 && ', '}
            {shortOwner(o)}
          </span>
        )),
    },
    // With one cluster the column says nothing and costs a column of width.
    ...(clusters.length > 1
      ? [{ title: 'Cluster', field: 'cluster' as const }]
      : []),
  ];

  const select = (
    label: string,
    name: Filter,
    options: string[],
    labelOf: (v: string) => string = v => v,
  ) => {
    const current = filter(name);
    // A value from the URL that the data does not (yet) have stays choosable.
    const all =
      current && !options.includes(current) ? [...options, current] : options;
    return (
      <TextField
        select
        label={label}
        value={current}
        onChange={e => setFilter(name, e.target.value)}
        variant="outlined"
        size="small"
        style={{ minWidth: 160 }}
        inputProps={{ 'aria-label': label }}
      >
        <MenuItem value="">All</MenuItem>
        {all.map(o => (
          <MenuItem key={o} value={o}>
            {labelOf(o)}
          </MenuItem>
        ))}
      </TextField>
    );
  };

  return (
    <Page themeId="tool">
      <Header
        title="Autoscaling fleet"
        subtitle="Every KEDA-scaled workload you can see"
      />
      <Content>
        {error && <ResponseErrorPanel error={error} />}
        {!value && loading && (
          <Box mb={2} data-testid="fleet-loading">
            <Progress />
          </Box>
        )}
        {value && (
          <Box
            display="flex"
            flexWrap="wrap"
            style={{ gap: 8 }}
            mb={2}
            data-testid="health-counts"
          >
            {counts.map(([h, n]) => (
              <Chip
                key={h}
                label={`${healthLabel(h)}: ${n}`}
                onClick={() =>
                  setFilter('health', filter('health') === h ? '' : h)
                }
                color={filter('health') === h ? 'primary' : 'default'}
              />
            ))}
          </Box>
        )}
        <Box
          display="flex"
          flexWrap="wrap"
          alignItems="center"
          style={{ gap: 16 }}
          mb={2}
        >
          {select('Health', 'health', HEALTHS, h =>
            healthLabel(h as ScalingHealth),
          )}
          {select('Cluster', 'cluster', clusters)}
          {select('Trigger type', 'trigger', types)}
          <TextField
            label="Owner"
            placeholder="team-orders or group:default/team-orders"
            value={filter('owner')}
            onChange={e => setFilter('owner', e.target.value)}
            variant="outlined"
            size="small"
            style={{ minWidth: 260 }}
            inputProps={{ 'aria-label': 'Owner' }}
          />
          <TextField
            label="Search"
            placeholder="name or diagnosis"
            value={filter('q')}
            onChange={e => setFilter('q', e.target.value)}
            variant="outlined"
            size="small"
            inputProps={{ 'aria-label': 'Search' }}
          />
          {active.length > 0 && (
            <Button size="small" onClick={clearFilters}>
              Clear filters
            </Button>
          )}
        </Box>
        <Table
          isLoading={!value && loading}
          title={
            value ? `Scaled workloads (${filtered.length})` : 'Scaled workloads'
          }
          options={{ paging: false, search: false, padding: 'dense' }}
          columns={columns}
          emptyContent={
            value ? (
              <Empty
                value={value}
                onClear={items.length ? clearFilters : undefined}
              />
            ) : undefined
          }
          data={filtered.map(i => ({
            ...i,
            id: `${i.cluster}/${i.namespace}/${i.kind}/${i.name}`,
          }))}
        />
      </Content>
    </Page>
  );
}
