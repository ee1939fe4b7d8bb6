import {
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
} from '@keda-portal/plugin-keda-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { kedaApiRef } from '../../api';
import { isNotFound } from '../ProposeChange/intent';
import { OpenPullRequests } from './OpenPullRequests';
import { useEntityScaling, useNow } from './useEntityScaling';
import { WorkloadPanel } from './WorkloadPanel';

/** What to add when nothing was found: the exact label the entity asks for. */
function NothingFound() {
  const { entity } = useEntity();
  const a = entity.metadata.annotations ?? {};
  const selector = a[ANNOTATION_KUBERNETES_LABEL_SELECTOR]
    ? a[ANNOTATION_KUBERNETES_LABEL_SELECTOR]
    : `${ANNOTATION_KUBERNETES_ID}=${a[ANNOTATION_KUBERNETES_ID]}`;
  return (
    <EmptyState
      missing="data"
      title="No ScaledObject or ScaledJob found for this component"
      description={
        <>
          KEDA Portal looks for ScaledObjects and ScaledJobs labelled{' '}
          <code>{selector}</code>
          {a['backstage.io/kubernetes-namespace']
            ? ` in namespace ${a['backstage.io/kubernetes-namespace']}`
            : ''}
          . Add that label to the ScaledObject's metadata, or add autoscaling
          with the{' '}
          <Link to="/create">
            "Add event-driven autoscaling to a component" template
          </Link>
          .
        </>
      }
    />
  );
}

/** The Autoscaling tab of an entity page. */
export function EntityScalingContent() {
  const { value, loading, error, ref, entityRef } = useEntityScaling();
  const now = useNow();
  const { entity } = useEntity();
  const kedaApi = useApi(kedaApiRef);
  // Open proposals. A 404 means this backend has no GitOps engine: then no
  // "Propose change" buttons either.
  const changes = useAsyncRetry(
    async () => kedaApi.listChanges(ref),
    [kedaApi, entityRef],
  );
  const changesAvailable = !(changes.error && isNotFound(changes.error));
  const pullRequests = changes.value?.pullRequests ?? [];

  if (!value && loading) return <Progress />;
  if (!value && error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;

  const total = value.clusters.reduce((n, c) => n + c.workloads.length, 0);
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          <Typography
            variant="body2"
            color="textSecondary"
            data-testid="updated"
          >
            Live · updated{' '}
            {Math.max(
              0,
              Math.round((now - Date.parse(value.generatedAt)) / 1000),
            )}{' '}
            s ago
          </Typography>
          {error && (
            <Chip size="small" label={`refresh failed: ${error.message}`} />
          )}
        </Box>
      </Grid>
      {pullRequests.length > 0 && (
        <Grid item xs={12}>
          <OpenPullRequests pullRequests={pullRequests} />
        </Grid>
      )}
      {value.clusters.map(c =>
        c.state === 'stale' ? (
          <Grid item xs={12} key={`${c.cluster}-stale`}>
            <WarningPanel
              severity="warning"
              title={`Cluster ${
                c.cluster
              } is unreachable: data is stale since ${new Date(
                c.since,
              ).toLocaleTimeString()}`}
              message={c.error}
            />
          </Grid>
        ) : null,
      )}
      {total === 0 ? (
        <Grid item xs={12}>
          <NothingFound />
        </Grid>
      ) : (
        value.clusters.flatMap(c =>
          c.workloads.map(w => (
            <Grid
              item
              xs={12}
              key={`${c.cluster}/${w.namespace}/${w.kind}/${w.name}`}
            >
              <WorkloadPanel
                workload={w}
                cluster={c.cluster}
                now={now}
                entity={ref}
                version={value.generatedAt}
                changes={
                  changesAvailable
                    ? {
                        kubernetesId:
                          entity.metadata.annotations?.[
                            ANNOTATION_KUBERNETES_ID
                          ],
                        openPullRequests: pullRequests,
                        onProposed: changes.retry,
                      }
                    : undefined
                }
              />
            </Grid>
          )),
        )
      )}
    </Grid>
  );
}
