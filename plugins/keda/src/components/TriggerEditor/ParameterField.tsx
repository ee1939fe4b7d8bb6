import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import {
  parseKedaBoolean,
  type ScalerParameter,
} from '@keda-portal/plugin-keda-common';
import { isLongParameter } from './parameters';
import { ProblemTexts } from './ProblemTexts';

/** Props of {@link ParameterField}. */
export interface ParameterFieldProps {
  id: string;
  param: ScalerParameter;
  /** The current metadata value ('' when unset). */
  value: string;
  /** `undefined` removes the key, so KEDA's default applies. */
  onChange(value: string | undefined): void;
  onBlur?(): void;
  /** Already formatted problem texts for this field. */
  errors: string[];
  /** E.g. "Or set: host" for alternatives. */
  note?: string;
  disabled?: boolean;
}

function helperText(props: ParameterFieldProps): string {
  const { param, note } = props;
  const parts = [param.description];
  if (param.default !== undefined && param.kind !== 'enum') {
    parts.push(`Default: ${param.default}.`);
  }
  if (param.kind === 'list' && param.values?.length) {
    parts.push(`Comma-separated, from: ${param.values.join(', ')}.`);
  }
  if (note) parts.push(note);
  if (param.deprecated) parts.push('Deprecated.');
  return parts.join(' ');
}

function placeholder(param: ScalerParameter): string | undefined {
  if (param.default !== undefined) return param.default;
  switch (param.kind) {
    case 'cron':
      return '0 8 * * 1-5';
    case 'timezone':
      return 'Europe/Berlin';
    case 'quantity':
      return '500m';
    case 'duration':
      return '30s';
    default:
      return undefined;
  }
}

/**
 * One metadata parameter as a form control chosen by its kind: a switch for
 * booleans, a select for enums, text for the rest. Problems found by the
 * domain core are shown under it.
 */
export function ParameterField(props: ParameterFieldProps) {
  const { id, param, value, onChange, onBlur, errors, disabled } = props;
  const hasError = errors.length > 0;
  const help = hasError ? <ProblemTexts texts={errors} /> : helperText(props);

  // A boolean that holds something else is shown as text, so the problem
  // (and the odd value) stays visible.
  if (
    param.kind === 'boolean' &&
    (value === '' || parseKedaBoolean(value) !== undefined)
  ) {
    const effective = value || param.default || 'false';
    const checked = parseKedaBoolean(effective) === true;
    return (
      <FormControl error={hasError} margin="dense" fullWidth>
        <FormControlLabel
          control={
            <Switch
              id={id}
              color="primary"
              checked={checked}
              disabled={disabled}
              onChange={(_, next) => {
                const text = String(next);
                const fallback = param.default ?? 'false';
                onChange(text === fallback ? undefined : text);
                onBlur?.();
              }}
            />
          }
          label={param.name}
        />
        <FormHelperText>{help}</FormHelperText>
      </FormControl>
    );
  }

  // What the select and the text field share.
  const field = {
    id,
    fullWidth: true,
    margin: 'dense',
    variant: 'outlined',
    label: param.name,
    required: param.required,
    value,
    disabled,
    error: hasError,
    helperText: help,
    onBlur,
  } as const;

  if (param.kind === 'enum' && param.values?.length) {
    const known = param.values.includes(value) || value === '';
    return (
      <TextField
        {...field}
        select
        onChange={e => onChange(e.target.value || undefined)}
        SelectProps={{ native: true }}
        InputLabelProps={{ shrink: true }}
      >
        <option value="">
          {param.default !== undefined
            ? `Default (${param.default})`
            : 'Not set'}
        </option>
        {param.values.map(v => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
        {!known && <option value={value}>{value}</option>}
      </TextField>
    );
  }

  const numeric = param.kind === 'integer' || param.kind === 'number';
  return (
    <TextField
      {...field}
      placeholder={placeholder(param)}
      // Queries and expressions get room: a one-line input hid most of them.
      multiline={isLongParameter(param)}
      minRows={isLongParameter(param) ? 3 : undefined}
      maxRows={isLongParameter(param) ? 12 : undefined}
      onChange={e => onChange(e.target.value)}
      InputLabelProps={
        placeholder(param) !== undefined ? { shrink: true } : undefined
      }
      inputProps={{
        inputMode: numeric ? 'decimal' : undefined,
        spellCheck: false,
      }}
    />
  );
}
