import type {
  OverviewItem,
  ScalingHealth,
} from '@keda-portal/plugin-keda-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { healthLabel } from '../HealthChip';
import { HEALTHS } from './fleetColumns';
import type { Filter, useFleetFilters } from './useFleetFilters';

type Filters = ReturnType<typeof useFleetFilters>;

/** How many workloads are in each health state; a click filters by it. */
export function HealthCounts(props: {
  items: OverviewItem[];
  filters: Filters;
}) {
  const { filter, setFilter } = props.filters;
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      style={{ gap: 8 }}
      mb={2}
      data-testid="health-counts"
    >
      {HEALTHS.map(h => (
        <Chip
          key={h}
          label={`${healthLabel(h)}: ${
            props.items.filter(i => i.health === h).length
          }`}
          onClick={() => setFilter('health', filter('health') === h ? '' : h)}
          color={filter('health') === h ? 'primary' : 'default'}
        />
      ))}
    </Box>
  );
}

/** A filter chosen from the values the data has. */
function FilterSelect(props: {
  label: string;
  name: Filter;
  options: string[];
  labelOf?: (v: string) => string;
  filters: Filters;
}) {
  const { label, name, options, labelOf = v => v } = props;
  const current = props.filters.filter(name);
  // A value from the URL that the data does not (yet) have stays choosable.
  const all =
    current && !options.includes(current) ? [...options, current] : options;
  return (
    <TextField
      select
      label={label}
      value={current}
      onChange={e => props.filters.setFilter(name, e.target.value)}
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
}

/** A filter typed in. */
function FilterText(props: {
  label: string;
  name: Filter;
  placeholder: string;
  minWidth?: number;
  filters: Filters;
}) {
  const { label, name } = props;
  return (
    <TextField
      label={label}
      placeholder={props.placeholder}
      value={props.filters.filter(name)}
      onChange={e => props.filters.setFilter(name, e.target.value)}
      variant="outlined"
      size="small"
      style={props.minWidth ? { minWidth: props.minWidth } : undefined}
      inputProps={{ 'aria-label': label }}
    />
  );
}

/** The filter bar: health, cluster, trigger type, owner and a search. */
export function FleetFilters(props: {
  items: OverviewItem[];
  filters: Filters;
}) {
  const { items, filters } = props;
  const clusters = [...new Set(items.map(i => i.cluster))].sort();
  const types = [...new Set(items.flatMap(i => i.triggerTypes))].sort();
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      style={{ gap: 16 }}
      mb={2}
    >
      <FilterSelect
        label="Health"
        name="health"
        options={HEALTHS}
        labelOf={h => healthLabel(h as ScalingHealth)}
        filters={filters}
      />
      <FilterSelect
        label="Cluster"
        name="cluster"
        options={clusters}
        filters={filters}
      />
      <FilterSelect
        label="Trigger type"
        name="trigger"
        options={types}
        filters={filters}
      />
      <FilterText
        label="Owner"
        name="owner"
        placeholder="team-orders or group:default/team-orders"
        minWidth={260}
        filters={filters}
      />
      <FilterText
        label="Search"
        name="q"
        placeholder="name or diagnosis"
        filters={filters}
      />
      {filters.active.length > 0 && (
        <Button size="small" onClick={filters.clearFilters}>
          Clear filters
        </Button>
      )}
    </Box>
  );
}
