import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useEntityScaling } from '../EntityScaling';
import { HealthChip } from '../HealthChip';

/** Health, replicas and triggers at a glance, for the entity overview. */
export function EntityKedaCard() {
  const { value, loading, error } = useEntityScaling();
  const workloads =
    value?.clusters.flatMap(c => c.workloads.map(w => ({ c, w }))) ?? [];
  return (
    <div data-testid="keda-card">
      <InfoCard title="Autoscaling">
        {!value && loading && <Progress />}
        {!value && error && <ResponseErrorPanel error={error} />}
        {value && workloads.length === 0 && (
          <Typography variant="body2">
            No ScaledObject or ScaledJob found.
          </Typography>
        )}
        {workloads.map(({ c, w }) => (
          <Box key={`${c.cluster}/${w.namespace}/${w.name}`} mb={2}>
            <Box display="flex" alignItems="center" style={{ gap: 8 }}>
              <strong>{w.name}</strong>
              <HealthChip health={w.status.health} />
              {c.state === 'stale' && (
                <Typography variant="caption">stale</Typography>
              )}
            </Box>
            <Typography variant="body2">
              {w.status.replicas.current ?? '–'} replicas (min{' '}
              {w.status.replicas.min}, max {w.status.replicas.max}) ·{' '}
              {w.status.triggers.map(t => t.type).join(', ')}
            </Typography>
            <Typography variant="body2" color="textSecondary">
              {w.status.diagnosis}
            </Typography>
          </Box>
        ))}
      </InfoCard>
    </div>
  );
}
