import {
  Content,
  Header,
  Link,
  Page,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import type {
  OverviewItem,
  ScalingHealth,
} from '@keda-portal/plugin-keda-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { kedaApiRef } from '../../api';
import { HealthChip, healthLabel } from '../HealthChip';

const HEALTHS: ScalingHealth[] = [
  'failing',
  'degraded',
  'paused',
  'idle',
  'ok',
];

function entityLink(ref: string) {
  const { kind, namespace, name } = parseEntityRef(ref);
  return `/catalog/${namespace}/${kind.toLocaleLowerCase(
    'en-US',
  )}/${name}/autoscaling`;
}

/** Every scaled workload the user may see, across clusters. */
export function FleetPage() {
  const kedaApi = useApi(kedaApiRef);
  const [health, setHealth] = useState('');
  const [cluster, setCluster] = useState('');
  const [owner, setOwner] = useState('');
  const [triggerType, setTriggerType] = useState('');
  const { value, loading, error } = useAsync(
    () => kedaApi.getOverview(),
    [kedaApi],
  );

  const items = useMemo(() => value?.items ?? [], [value]);
  const filtered = useMemo(
    () =>
      items.filter(
        i =>
          (!health || i.health === health) &&
          (!cluster || i.cluster === cluster) &&
          (!owner || i.owners.some(o => o.includes(owner))) &&
          (!triggerType || i.triggerTypes.includes(triggerType)),
      ),
    [items, health, cluster, owner, triggerType],
  );
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
        <Link to={entityLink(i.entityRefs[0])}>
          {i.namespace}/{i.name}
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
    { title: 'Diagnosis', field: 'diagnosis' },
    {
      title: 'Replicas',
      customSort: (a, b) =>
        (a.replicas.current ?? 0) - (b.replicas.current ?? 0),
      render: i =>
        `${i.replicas.current ?? '–'} (${i.replicas.min}–${i.replicas.max})`,
    },
    { title: 'Triggers', render: i => i.triggerTypes.join(', ') },
    { title: 'Owner', render: i => i.owners.join(', ') },
    { title: 'Cluster', field: 'cluster' },
  ];

  const select = (
    label: string,
    value_: string,
    set: (v: string) => void,
    options: string[],
    labelOf: (v: string) => string = v => v,
  ) => (
    <TextField
      select
      label={label}
      value={value_}
      onChange={e => set(e.target.value)}
      variant="outlined"
      size="small"
      style={{ minWidth: 160 }}
      inputProps={{ 'aria-label': label }}
    >
      <MenuItem value="">All</MenuItem>
      {options.map(o => (
        <MenuItem key={o} value={o}>
          {labelOf(o)}
        </MenuItem>
      ))}
    </TextField>
  );

  return (
    <Page themeId="tool">
      <Header
        title="Autoscaling fleet"
        subtitle="Every KEDA-scaled workload you can see"
      />
      <Content>
        {error && <ResponseErrorPanel error={error} />}
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
              onClick={() => setHealth(health === h ? '' : h)}
              color={health === h ? 'primary' : 'default'}
            />
          ))}
        </Box>
        <Box display="flex" flexWrap="wrap" style={{ gap: 16 }} mb={2}>
          {select('Health', health, setHealth, HEALTHS, h =>
            healthLabel(h as ScalingHealth),
          )}
          {select('Cluster', cluster, setCluster, clusters)}
          {select('Trigger type', triggerType, setTriggerType, types)}
          <TextField
            label="Owner"
            value={owner}
            onChange={e => setOwner(e.target.value)}
            variant="outlined"
            size="small"
            inputProps={{ 'aria-label': 'Owner' }}
          />
        </Box>
        <Table
          isLoading={loading}
          title={`Scaled workloads (${filtered.length})`}
          options={{ paging: false, search: true, padding: 'dense' }}
          columns={columns}
          data={filtered.map(i => ({
            ...i,
            id: `${i.cluster}/${i.namespace}/${i.kind}/${i.name}`,
          }))}
        />
      </Content>
    </Page>
  );
}
