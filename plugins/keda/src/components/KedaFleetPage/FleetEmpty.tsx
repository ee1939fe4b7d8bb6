import { EmptyState } from '@backstage/core-components';
import {
  ANNOTATION_KUBERNETES_ID,
  type OverviewResponse,
} from '@keda-portal/plugin-keda-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';

/** Why the table is empty: nothing found at all, or nothing matching. */
export function FleetEmpty({
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
              )} and found no ScaledObject or ScaledJob that belongs to a catalog entity you may see. Workloads are matched to components by their ${ANNOTATION_KUBERNETES_ID} label.`
            : 'Add a cluster under kubernetes.clusterLocatorMethods in app-config.yaml.'
        }
      />
    </Box>
  );
}
