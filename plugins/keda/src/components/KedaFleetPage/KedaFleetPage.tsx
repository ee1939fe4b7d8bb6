import {
  Content,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
  Table,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { kedaApiRef } from '../../api';
import { fleetColumns } from './fleetColumns';
import { FleetEmpty } from './FleetEmpty';
import { FleetFilters, HealthCounts } from './FleetFilters';
import { filterItems, useFleetFilters } from './useFleetFilters';

/** Every scaled workload the user may see, across clusters. */
export function KedaFleetPage() {
  const kedaApi = useApi(kedaApiRef);
  const entityLink = useEntityRefLink();
  const filters = useFleetFilters();
  const { filter, clearFilters } = filters;

  const { value, loading, error } = useAsync(
    () => kedaApi.getOverview(),
    [kedaApi],
  );

  const items = useMemo(() => value?.items ?? [], [value]);
  const filtered = useMemo(() => filterItems(items, filter), [items, filter]);
  const clusters = [...new Set(items.map(i => i.cluster))].sort();

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
        {value && <HealthCounts items={items} filters={filters} />}
        <FleetFilters items={items} filters={filters} />
        <Table
          isLoading={!value && loading}
          title={
            value ? `Scaled workloads (${filtered.length})` : 'Scaled workloads'
          }
          options={{ paging: false, search: false, padding: 'dense' }}
          columns={fleetColumns(entityLink, clusters)}
          emptyContent={
            value ? (
              <FleetEmpty
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
