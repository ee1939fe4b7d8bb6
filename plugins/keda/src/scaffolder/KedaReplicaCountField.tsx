import TextField from '@material-ui/core/TextField';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { useEffect, useState } from 'react';
import type { KedaReplicaCountUiOptions } from './validation';

const DEFAULT_HELP: Record<KedaReplicaCountUiOptions['bound'], string> = {
  min: 'Fewest replicas KEDA keeps (0 lets the workload scale to zero). Default 0.',
  max: 'Most replicas KEDA scales out to. Default 100.',
  idle: 'Replicas while no trigger is active; must be below the minimum.',
};

function countText(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

/**
 * The `KedaReplicaCount` scaffolder field: one replica bound (min, max or
 * idle), validated together with the other bounds of the form.
 *
 * @public
 */
export function KedaReplicaCountField(
  props: FieldExtensionComponentProps<number, KedaReplicaCountUiOptions>,
): JSX.Element {
  const { formData, onChange, schema, uiSchema, rawErrors, required } = props;
  const bound = uiSchema?.['ui:options']?.bound ?? 'max';
  const [text, setText] = useState(countText(formData));
  useEffect(() => {
    // Follow outside changes (defaults, back navigation) without fighting
    // the user's half-typed input.
    setText(current =>
      current !== '' && Number(current) === formData
        ? current
        : countText(formData),
    );
  }, [formData]);
  const errors = rawErrors ?? [];

  return (
    <TextField
      id={props.idSchema?.$id}
      label={schema?.title ?? `${bound} replicas`}
      variant="outlined"
      margin="normal"
      fullWidth
      type="number"
      required={required}
      disabled={Boolean(props.disabled || props.readonly)}
      value={text}
      error={errors.length > 0}
      // The form's field template lists the errors under the field.
      helperText={schema?.description || DEFAULT_HELP[bound]}
      inputProps={{ min: 0, step: 1, inputMode: 'numeric' }}
      onChange={e => {
        const next = e.target.value;
        setText(next);
        const n = Number(next);
        onChange(next.trim() === '' || !Number.isFinite(n) ? undefined : n);
      }}
    />
  );
}
