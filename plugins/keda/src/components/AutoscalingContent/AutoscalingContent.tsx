import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_GITOPS_LAYOUT,
  ANNOTATION_GITOPS_PATH,
  ANNOTATION_GITOPS_REPO,
  ANNOTATION_KUBERNETES_CLUSTER,
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  ANNOTATION_KUBERNETES_NAMESPACE,
  ClusterSummary,
} from '@keda-portal/plugin-keda-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { kedaApiRef } from '../../api';

const clusterColumns: TableColumn<ClusterSummary>[] = [
  { title: 'Cluster', field: 'name', highlight: true },
  { title: 'API server', field: 'url' },
  { title: 'Found through', field: 'source' },
  { title: 'Credentials', field: 'authProvider' },
];

/** How this entity is matched to cluster objects and where changes go. */
function EntityMapping() {
  const { entity } = useEntity();
  const a = entity.metadata.annotations ?? {};
  const rows: [string, string | undefined][] = [
    ['Kubernetes id', a[ANNOTATION_KUBERNETES_ID]],
    ['Label selector', a[ANNOTATION_KUBERNETES_LABEL_SELECTOR]],
    ['Namespace', a[ANNOTATION_KUBERNETES_NAMESPACE]],
    ['Cluster', a[ANNOTATION_KUBERNETES_CLUSTER]],
    ['GitOps repository', a[ANNOTATION_GITOPS_REPO]],
    ['GitOps folder', a[ANNOTATION_GITOPS_PATH]],
    ['GitOps layout', a[ANNOTATION_GITOPS_LAYOUT]],
  ];
  return (
    <InfoCard title="How this component is found">
      {rows
        .filter(([, value]) => value)
        .map(([label, value]) => (
          <Typography key={label} variant="body2">
            <strong>{label}:</strong> {value}
          </Typography>
        ))}
    </InfoCard>
  );
}

/** The Autoscaling tab of an entity page. */
export function AutoscalingContent() {
  const kedaApi = useApi(kedaApiRef);
  const { value, loading, error } = useAsync(
    () => kedaApi.getHealth(),
    [kedaApi],
  );

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={4}>
        <EntityMapping />
      </Grid>
      <Grid item xs={12} md={8}>
        {loading && <Progress />}
        {error && <ResponseErrorPanel error={error} />}
        {value && (
          <Table<ClusterSummary>
            title={`Clusters read by KEDA Portal (${value.clusters.length})`}
            options={{ paging: false, search: false, padding: 'dense' }}
            columns={clusterColumns}
            data={value.clusters}
            emptyContent={
              <Typography style={{ padding: 16 }}>
                No cluster is configured. Add clusters under
                kubernetes.clusterLocatorMethods in app-config.yaml.
              </Typography>
            }
          />
        )}
      </Grid>
    </Grid>
  );
}
