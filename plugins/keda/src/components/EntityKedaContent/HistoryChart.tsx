import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { parseQuantity } from '@keda-portal/plugin-keda-common';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { CompoundRef, kedaApiRef } from '../../api';

const RANGES: [number, string][] = [
  [1, 'Last hour'],
  [6, 'Last 6 hours'],
  [24, 'Last 24 hours'],
  [168, 'Last 7 days'],
];
const COLORS = ['#7b1fa2', '#00897b', '#ef6c00', '#5d4037'];

/** UTC clock time; with seconds for short ranges, where minutes repeat. */
const clock = (t: number, withSeconds = false) =>
  new Date(t).toISOString().slice(11, withSeconds ? 19 : 16);

/** Replicas over time with each trigger's value, from the backend's history. */
export function HistoryChart({
  entity,
  cluster,
  namespace,
  name,
  version,
}: {
  entity: CompoundRef;
  cluster: string;
  namespace: string;
  name: string;
  /** Changes when live data changes, so the chart follows. */
  version: string;
}) {
  const kedaApi = useApi(kedaApiRef);
  const [hours, setHours] = useState(1);
  const { value, loading, error } = useAsync(
    () => kedaApi.getHistory(entity, hours),
    [kedaApi, entity.kind, entity.namespace, entity.name, hours, version],
  );
  const series = value?.series.find(
    s => s.cluster === cluster && s.namespace === namespace && s.name === name,
  );
  const metricNames = [
    ...new Set(series?.points.flatMap(p => Object.keys(p.metrics)) ?? []),
  ];
  const data =
    series?.points.map(p => ({
      t: Date.parse(p.t),
      replicas: p.replicas,
      desired: p.desired,
      ...Object.fromEntries(
        Object.entries(p.metrics).map(([m, v]) => [m, parseQuantity(v)]),
      ),
    })) ?? [];

  return (
    <InfoCard
      title="Replicas and trigger values"
      action={
        <TextField
          select
          size="small"
          variant="outlined"
          value={hours}
          onChange={e => setHours(Number(e.target.value))}
          inputProps={{ 'aria-label': 'Time range' }}
        >
          {RANGES.map(([h, label]) => (
            <MenuItem key={h} value={h}>
              {label}
            </MenuItem>
          ))}
        </TextField>
      }
    >
      {!value && loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && data.length === 0 && (
        <Typography variant="body2">No samples in this range yet.</Typography>
      )}
      {data.length > 0 && (
        <div data-testid="history-chart">
          <LineChart width={900} height={260} data={data}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={['dataMin', 'dataMax']}
              tickFormatter={t => clock(t, hours <= 1)}
            />
            <YAxis yAxisId="replicas" allowDecimals={false} />
            <YAxis yAxisId="metrics" orientation="right" />
            <Tooltip labelFormatter={t => clock(Number(t), true)} />
            <Legend />
            <Line
              yAxisId="replicas"
              type="stepAfter"
              dataKey="replicas"
              name="replicas"
              stroke="#1565c0"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
            <Line
              yAxisId="replicas"
              type="stepAfter"
              dataKey="desired"
              name="desired"
              stroke="#90caf9"
              strokeDasharray="4 2"
              dot={false}
              isAnimationActive={false}
            />
            {metricNames.map((m, i) => (
              <Line
                key={m}
                yAxisId="metrics"
                type="monotone"
                dataKey={m}
                name={m}
                stroke={COLORS[i % COLORS.length]}
                dot={false}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </div>
      )}
    </InfoCard>
  );
}
