import { Progress, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import {
  buildManifests,
  compactTriggers,
  renderManifestsYaml,
  type ScalingIntent,
} from '@keda-portal/plugin-keda-common';
import FormLabel from '@material-ui/core/FormLabel';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { kedaApiRef } from '../api';
import { DiffView } from '../components/ProposeChange/DiffView';

/** Form values of the "Add event-driven autoscaling" template that make the intent. */
interface AddAutoscalingValues {
  component?: string;
  workloadName?: string;
  workloadKind?: string;
  namespace?: string;
  minReplicaCount?: number;
  maxReplicaCount?: number;
  idleReplicaCount?: number;
  triggers?: ScalingIntent['triggers'];
}

/**
 * The `KedaChangePreview` scaffolder field: before the task runs, shows the
 * rendered manifests and the exact diff the pull request will carry, from the
 * backend's preview (which reads the GitOps repository and writes nothing).
 * It has no value of its own; it reads the other fields of the form.
 *
 * @public
 */
export function KedaChangePreviewField(
  props: FieldExtensionComponentProps<string>,
): JSX.Element {
  const form = ((props.formContext as { formData?: AddAutoscalingValues })
    ?.formData ?? {}) as AddAutoscalingValues;
  const kedaApi = useApi(kedaApiRef);
  const catalogApi = useApi(catalogApiRef);
  const key = JSON.stringify(form);
  const { value, loading, error } = useAsync(async () => {
    if (!form.component) return undefined;
    const entity = await catalogApi.getEntityByRef(form.component);
    if (!entity) throw new Error(`The catalog has no ${form.component}`);
    const annotations = entity.metadata.annotations ?? {};
    const name = form.workloadName || entity.metadata.name;
    const intent: ScalingIntent = {
      name,
      namespace:
        form.namespace ||
        annotations['backstage.io/kubernetes-namespace'] ||
        'default',
      kubernetesId:
        annotations['backstage.io/kubernetes-id'] || entity.metadata.name,
      scaleTarget: { kind: form.workloadKind || 'Deployment', name },
      minReplicaCount: form.minReplicaCount,
      maxReplicaCount: form.maxReplicaCount,
      idleReplicaCount: form.idleReplicaCount,
      triggers: compactTriggers(form.triggers ?? []),
    };
    const preview = await kedaApi.previewChange(
      {
        kind: entity.kind,
        namespace: entity.metadata.namespace ?? 'default',
        name: entity.metadata.name,
      },
      intent,
    );
    return { preview, yaml: renderManifestsYaml(buildManifests(intent)) };
  }, [key, kedaApi, catalogApi]);

  return (
    <div>
      <FormLabel component="legend">
        {props.schema?.title ?? 'The change'}
      </FormLabel>
      {loading && <Progress />}
      {error && (
        <WarningPanel
          severity="error"
          title="Could not preview the change"
          message={error.message}
        />
      )}
      {value && (
        <>
          {value.preview.problems.map(p => (
            <Typography key={`${p.path}-${p.message}`} color="error">
              {p.message} {p.fix}
            </Typography>
          ))}
          <Typography variant="body2" paragraph>
            Pull request to {value.preview.repository} on branch{' '}
            {value.preview.branch}:
          </Typography>
          <ul>
            {value.preview.edits.map(e => (
              <li key={e.path}>
                <code>{e.path}</code>
                {e.created ? ' (new)' : ''}: {e.reason}
              </li>
            ))}
            {value.preview.notes.map(n => (
              <li key={n}>{n}</li>
            ))}
          </ul>
          {value.preview.diff ? (
            <DiffView diff={value.preview.diff} />
          ) : (
            <Typography>
              Nothing to change: the repository already holds this.
            </Typography>
          )}
          <Typography variant="subtitle2" style={{ marginTop: 16 }}>
            Rendered manifests
          </Typography>
          <pre data-testid="rendered-manifests" style={{ overflowX: 'auto' }}>
            {value.yaml}
          </pre>
        </>
      )}
    </div>
  );
}
