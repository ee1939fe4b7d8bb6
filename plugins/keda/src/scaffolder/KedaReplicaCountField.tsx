import TextField from '@material-ui/core/TextField';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { useApiHolder } from '@backstage/core-plugin-api';
import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { kedaApiRef } from '../api';
import {
  formGuardrails,
  formValue,
  maxGuardrailProblem,
  type KedaReplicaCountUiOptions,
} from './validation';

const DEFAULT_HELP: Record<KedaReplicaCountUiOptions['bound'], string> = {
  min: 'Fewest replicas KEDA keeps (0 lets the workload scale to zero).',
  max: 'Most replicas KEDA scales out to.',
  idle: 'Replicas while no trigger is active; must be below the minimum.',
};

/** KEDA's value when the field is left empty. */
const KEDA_DEFAULT: Partial<
  Record<KedaReplicaCountUiOptions['bound'], number>
> = { min: 0, max: 100 };

/**
 * The field's help: its description, and KEDA's default only when the
 * template sets none (a "Default 100." beside a field pre-filled with 10
 * read as a contradiction).
 */
export function replicaCountHelp(
  bound: KedaReplicaCountUiOptions['bound'],
  schema: { description?: string; default?: unknown } | undefined,
): string {
  const text = schema?.description || DEFAULT_HELP[bound];
  const kedaDefault = KEDA_DEFAULT[bound];
  if (schema?.default !== undefined || kedaDefault === undefined) return text;
  return `${text} Empty means KEDA's default, ${kedaDefault}.`;
}

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
  // The platform's limit, named beside the maximum before anyone submits.
  // Optional: the field also works where the KEDA API is not installed.
  const kedaApi = useApiHolder().get(kedaApiRef);
  const options = uiSchema?.['ui:options'];
  const formData2 = (props.formContext as { formData?: unknown })?.formData;
  const componentRef = formValue(
    formData2,
    options?.componentField ?? 'component',
  );
  const guardrails = useAsync(
    async () =>
      bound === 'max' && kedaApi
        ? formGuardrails(kedaApi, formData2, options?.componentField)
        : undefined,
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [bound, kedaApi, componentRef],
  ).value;
  const overLimit = maxGuardrailProblem(formData, guardrails);
  const limitHint =
    guardrails?.maxReplicaCount !== undefined
      ? ` At most ${guardrails.maxReplicaCount} here (the platform team's limit).`
      : '';

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
      error={errors.length > 0 || overLimit !== undefined}
      // The form's field template lists the errors under the field; a
      // maximum above the guardrail is named here at once.
      helperText={
        errors.length === 0 && overLimit
          ? overLimit
          : `${replicaCountHelp(bound, schema)}${limitHint}`
      }
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
