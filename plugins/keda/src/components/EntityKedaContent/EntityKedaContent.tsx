import {
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  ANNOTATION_KUBERNETES_NAMESPACE,
  isKedaAvailable,
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

/** The "Add event-driven autoscaling" template, with the component chosen. */
export function addAutoscalingLink(entityRef: string) {
  return `/create/templates/default/add-keda-autoscaling?formData=${encodeURIComponent(
    JSON.stringify({ component: entityRef }),
  )}`;
}

/**
 * A component without the annotations that tie it to a cluster: say which
 * ones, and offer the template that adds autoscaling (and them).
 */
function NotSetUp() {
  const { entity } = useEntity();
  return (
    <EmptyState
      missing="field"
      title="Autoscaling is not set up for this component"
      description={
        <>
          KEDA Portal finds a component's ScaledObjects and ScaledJobs by its{' '}
          <code>{ANNOTATION_KUBERNETES_ID}</code> (or{' '}
          <code>{ANNOTATION_KUBERNETES_LABEL_SELECTOR}</code>) annotation, and
          this component has neither. Add one to its catalog-info.yaml, or let
          the{' '}
          <Link to={addAutoscalingLink(stringifyEntityRef(entity))}>
            "Add event-driven autoscaling to a component" template
          </Link>{' '}
          propose the ScaledObject and the annotations in one pull request.
        </>
      }
    />
  );
}

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
          {a[ANNOTATION_KUBERNETES_NAMESPACE]
            ? ` in namespace ${a[ANNOTATION_KUBERNETES_NAMESPACE]}`
            : ''}
          . Add that label to the ScaledObject's metadata, or add autoscaling
          with the{' '}
          <Link to={addAutoscalingLink(stringifyEntityRef(entity))}>
            "Add event-driven autoscaling to a component" template
          </Link>
          .
        </>
      }
    />
  );
}

/**
 * The Autoscaling tab of an entity page; for a component without the
 * Kubernetes annotations, what is missing and how to add autoscaling.
 */
export function EntityKedaContent() {
  const { entity } = useEntity();
  return isKedaAvailable(entity) ? <LiveScalingContent /> : <NotSetUp />;
}

function LiveScalingContent() {
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
