import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity, useEntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useEntityScaling } from '../EntityKedaContent';
import { HealthChip } from '../HealthChip';
import { runningText } from './runningText';

/** Health, replicas and triggers at a glance, for the entity overview. */
export function EntityKedaCard() {
  const { value, loading, error } = useEntityScaling();
  const { entity } = useEntity();
  const entityLink = useEntityRefLink();
  const workloads =
    value?.clusters.flatMap(c => c.workloads.map(w => ({ c, w }))) ?? [];
  return (
    <div data-testid="keda-card">
      <InfoCard
        title="Autoscaling"
        deepLink={{
          title: 'View autoscaling',
          link: `${entityLink(entity)}/autoscaling`,
        }}
      >
        {!value && loading && <Progress />}
        {!value && error && <ResponseErrorPanel error={error} />}
        {value && workloads.length === 0 && (
          <Typography variant="body2">
            No ScaledObject or ScaledJob found.
          </Typography>
        )}
        {workloads.map(({ c, w }) => (
          <Box key={`${c.cluster}/${w.namespace}/${w.kind}/${w.name}`} mb={2}>
            <Box display="flex" alignItems="center" style={{ gap: 8 }}>
              <strong>{w.name}</strong>
              <HealthChip health={w.status.health} />
              {c.state === 'stale' && (
                <Typography variant="caption">stale</Typography>
              )}
            </Box>
            <Typography variant="body2">
              {runningText(w)} · {w.status.triggers.map(t => t.type).join(', ')}
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
