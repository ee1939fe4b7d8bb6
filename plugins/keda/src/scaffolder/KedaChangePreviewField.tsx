import { Progress, WarningPanel } from '@backstage/core-components';
import { useApi, type ApiHolder } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import FormLabel from '@material-ui/core/FormLabel';
import Typography from '@material-ui/core/Typography';
import { useEffect } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { kedaApiRef } from '../api';
import { DiffView } from '../components/ProposeChange/DiffView';
import { DriftPanel } from '../components/ProposeChange/DriftPanel';
import {
  cachedChangePreview,
  previewErrors,
  previewKey,
  type AddAutoscalingValues,
} from './changePreview';
import type { FieldErrorCollector } from './validation';

/** The value the field holds once shown, so the form runs its validation. */
const SHOWN = 'previewed';

/**
 * The `KedaChangePreview` scaffolder field: before the task runs, shows the
 * rendered manifests and the exact diff the pull request will carry, from the
 * backend's preview (which reads the GitOps repository and writes nothing),
 * and warns when Git and the cluster disagree. While the preview fails or
 * finds problems, its validation keeps the form from going on. It reads the
 * other fields of the form.
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
  const key = previewKey(form);
  const { onChange, formData } = props;
  useEffect(() => {
    // The scaffolder validates only fields that hold a value.
    if (formData !== SHOWN) onChange(SHOWN);
  }, [formData, onChange]);
  const { value, loading, error } = useAsync(
    () => cachedChangePreview(form, { kedaApi, catalogApi }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key, kedaApi, catalogApi],
  );
  const stopped = !loading && (error || value?.preview.problems.length);

  return (
    <div>
      <FormLabel component="legend">
        {props.schema?.title ?? 'The change'}
      </FormLabel>
      {loading && <Progress />}
      {stopped ? (
        <WarningPanel
          defaultExpanded
          severity="error"
          title={
            error
              ? 'The pull request cannot be previewed, so it cannot be proposed yet'
              : 'The change cannot be proposed yet'
          }
        >
          {/* Once the form was submitted, its field template lists them. */}
          {(props.rawErrors ?? []).length === 0 && (
            <ul
              style={{ margin: 0, paddingLeft: 20 }}
              data-testid="preview-errors"
            >
              {previewErrors({ value, error }).map(m => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          )}
        </WarningPanel>
      ) : null}
      {value && (
        <>
          <DriftPanel drift={value.drift} replaced={value.replaced} />
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
              <li key={n} style={{ whiteSpace: 'pre-wrap' }}>
                {n}
              </li>
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

/**
 * Validation of the `KedaChangePreview` field: the form cannot go on to
 * Review (and so cannot propose) while the backend's preview fails or finds
 * problems; each message names the field and the fix.
 *
 * @public
 */
export async function kedaChangePreviewValidation(
  _value: unknown,
  validation: FieldErrorCollector,
  context?: { formData?: unknown; apiHolder?: ApiHolder },
): Promise<void> {
  const kedaApi = context?.apiHolder?.get(kedaApiRef);
  const catalogApi = context?.apiHolder?.get(catalogApiRef);
  if (!kedaApi || !catalogApi) return;
  const form = (context?.formData ?? {}) as AddAutoscalingValues;
  let result: Parameters<typeof previewErrors>[0];
  try {
    result = {
      value: await cachedChangePreview(form, { kedaApi, catalogApi }),
    };
  } catch (e) {
    result = { error: e as Error };
  }
  for (const message of previewErrors(result)) validation.addError(message);
}
