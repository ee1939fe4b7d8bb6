import FormControl from '@material-ui/core/FormControl';
import FormLabel from '@material-ui/core/FormLabel';
import Typography from '@material-ui/core/Typography';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import {
  validateIntent,
  type TriggerIntent,
  compactTriggers,
} from '@keda-portal/plugin-keda-common';
import { useMemo } from 'react';
import { previewIntent, TriggerEditor } from '../components/TriggerEditor';
import { type KedaTriggersUiOptions, resolveNamespace } from './validation';

/**
 * The `KedaTriggers` scaffolder field: a {@link TriggerEditor} whose value is
 * the list of triggers (`TriggerIntent[]`).
 *
 * @public
 */
export function KedaTriggersField(
  props: FieldExtensionComponentProps<TriggerIntent[], KedaTriggersUiOptions>,
): JSX.Element {
  const { formData, onChange, schema, uiSchema, rawErrors, required } = props;
  const disabled = Boolean(props.disabled || props.readonly);
  const options = uiSchema?.['ui:options'];
  const formContext = props.formContext as { formData?: unknown } | undefined;
  const namespace = resolveNamespace(options, formContext?.formData);
  const kind = options?.kind;
  // The form fills object fields with `{}`: an empty authentication means none.
  const value = useMemo(
    () => (Array.isArray(formData) ? compactTriggers(formData) : []),
    [formData],
  );
  // The form's field template lists the errors under the field; here they
  // only switch on the per-field problems.
  const submitted = (rawErrors ?? []).length > 0;

  // Once the form has been submitted with errors, every problem is shown
  // under its field, not only those of fields already touched.
  const problems = useMemo(
    () =>
      submitted
        ? validateIntent(previewIntent(value, { namespace, kind }))
        : undefined,
    [submitted, value, namespace, kind],
  );

  return (
    <FormControl
      component="fieldset"
      fullWidth
      margin="normal"
      required={required}
      error={submitted}
    >
      <FormLabel component="legend">{schema?.title ?? 'Triggers'}</FormLabel>
      {schema?.description && (
        <Typography variant="body2" color="textSecondary" paragraph>
          {schema.description}
        </Typography>
      )}
      <TriggerEditor
        value={value}
        onChange={next =>
          onChange(next.length ? compactTriggers(next) : undefined)
        }
        namespace={namespace}
        kind={kind}
        problems={problems}
        disabled={disabled}
      />
    </FormControl>
  );
}
