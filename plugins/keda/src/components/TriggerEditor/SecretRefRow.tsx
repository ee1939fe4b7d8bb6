import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import DeleteIcon from '@material-ui/icons/Delete';
import type {
  ScalerDefinition,
  SecretRefIntent,
  TriggerIntent,
} from '@keda-portal/plugin-keda-common';
import { groupPartners } from './parameters';
import type { SecretRow } from './secretRows';

const useStyles = makeStyles(theme => ({
  row: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr) auto',
    gap: theme.spacing(1),
    alignItems: 'start',
  },
  param: { marginTop: theme.spacing(1) },
  name: { fontFamily: 'monospace' },
}));

/** Props of {@link SecretRefRow}. */
export interface SecretRefRowProps {
  id: string;
  row: SecretRow;
  trigger: TriggerIntent;
  definition: ScalerDefinition;
  errorsOf(field: string, shown: boolean): string[];
  onTouch(...fields: string[]): void;
  onUpdate(row: SecretRow, patch: Partial<SecretRefIntent>): void;
  onRemove(row: SecretRow): void;
  disabled?: boolean;
}

/** One part of the reference: the Secret's name or its key. */
function SecretPartInput(props: {
  id: string;
  label: string;
  value: string;
  errors: string[];
  required: boolean;
  disabled?: boolean;
  onChange(value: string): void;
  onBlur(): void;
  /** The key's field shows the parameter's name as a placeholder. */
  placeholder?: string;
}) {
  const { errors } = props;
  return (
    <TextField
      id={props.id}
      label={props.label}
      variant="outlined"
      margin="dense"
      placeholder={props.placeholder}
      value={props.value}
      required={props.required}
      disabled={props.disabled}
      error={errors.length > 0}
      helperText={errors.join(' ') || undefined}
      onChange={e => props.onChange(e.target.value)}
      onBlur={props.onBlur}
      InputLabelProps={
        props.placeholder !== undefined ? { shrink: true } : undefined
      }
      inputProps={{ spellCheck: false, autoComplete: 'off' }}
    />
  );
}

/** A secret parameter: which Secret and key supply it, and its problems. */
export function SecretRefRow(props: SecretRefRowProps) {
  const { id, row, trigger, errorsOf, disabled } = props;
  const classes = useStyles();
  const refs = trigger.authentication?.secretRefs ?? [];
  const ref = row.index === undefined ? undefined : refs[row.index];
  const field = row.index === undefined ? undefined : `secretRefs.${row.index}`;
  const filled = Boolean(ref?.secretName || ref?.key);
  const partErrors = (part: string) =>
    field ? errorsOf(`${field}.${part}`, filled) : [];
  const literal = trigger.metadata?.[row.parameter] !== undefined;
  const rowErrors = [
    ...(field ? errorsOf(field, true) : []),
    ...partErrors('parameter'),
    // "the trigger needs …" while nothing supplies it.
    ...(literal || !row.parameter
      ? []
      : errorsOf(`metadata.${row.parameter}`, false)),
  ];
  const touch = () => {
    props.onTouch(`metadata.${row.parameter}`);
    if (field) props.onTouch(`${field}.secretName`, `${field}.key`);
  };
  const partners = row.param ? groupPartners(props.definition, row.param) : [];
  const required = Boolean(row.param?.required);
  const part = { required, disabled, onBlur: touch };
  return (
    <div className={classes.param}>
      <Typography variant="body2">
        <span className={classes.name}>
          {row.parameter || '(no parameter)'}
        </span>
        {required ? ' (required)' : ''}
        {row.param ? ` — ${row.param.description}` : ''}
        {partners.length ? ` Or instead: ${partners.join(', ')}.` : ''}
      </Typography>
      <div className={classes.row}>
        <SecretPartInput
          {...part}
          id={`${id}-name`}
          label={`${row.parameter}: Secret name`}
          value={ref?.secretName ?? ''}
          errors={partErrors('secretName')}
          onChange={secretName => props.onUpdate(row, { secretName })}
        />
        <SecretPartInput
          {...part}
          id={`${id}-key`}
          label={`${row.parameter}: key`}
          placeholder={row.parameter}
          value={ref?.key ?? ''}
          errors={partErrors('key')}
          onChange={key => props.onUpdate(row, { key })}
        />
        <IconButton
          aria-label={`Remove the Secret reference of ${row.parameter}`}
          disabled={disabled || row.index === undefined}
          onClick={() => props.onRemove(row)}
        >
          <DeleteIcon fontSize="small" />
        </IconButton>
      </div>
      {rowErrors.map(text => (
        <Typography key={text} variant="caption" color="error" component="p">
          {text}
        </Typography>
      ))}
    </div>
  );
}
