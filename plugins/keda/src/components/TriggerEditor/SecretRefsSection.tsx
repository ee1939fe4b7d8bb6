import Box from '@material-ui/core/Box';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import IconButton from '@material-ui/core/IconButton';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import DeleteIcon from '@material-ui/icons/Delete';
import type {
  ScalerDefinition,
  ScalerParameter,
  SecretRefIntent,
  TriggerIntent,
} from '@keda-portal/plugin-keda-common';
import {
  groupPartners,
  type ParameterLayout,
  setAuthentication,
  setSecretRefs,
} from './parameters';

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

/** Props of {@link SecretRefsSection}. */
export interface SecretRefsSectionProps {
  id: string;
  trigger: TriggerIntent;
  definition: ScalerDefinition;
  layout: ParameterLayout;
  namespace?: string;
  /** Formatted problems of a field (`secretRefs.0.key`, `authentication`, …). */
  errorsOf(field: string, shown: boolean): string[];
  onChange(trigger: TriggerIntent): void;
  onTouch(...fields: string[]): void;
  disabled?: boolean;
}

interface Row {
  key: string;
  /** The parameter the row supplies. */
  parameter: string;
  /** Index in `secretRefs`, when the row is backed by one. */
  index?: number;
  param?: ScalerParameter;
  /** Required or an alternative: always shown. */
  primary: boolean;
}

/**
 * Values only a TriggerAuthentication may supply (passwords, tokens,
 * connection strings, certificates). They are never typed in: each is a
 * reference to a key of a Kubernetes Secret, which becomes
 * `authentication.secretRefs`.
 */
export function SecretRefsSection(props: SecretRefsSectionProps) {
  const { id, trigger, definition, layout, namespace, disabled } = props;
  const { errorsOf, onChange, onTouch } = props;
  const classes = useStyles();
  const refs: SecretRefIntent[] = trigger.authentication?.secretRefs ?? [];
  const known = [...layout.secretMain, ...layout.secretMore];
  const paramOf = (name: string) => known.find(p => p.name === name);

  // Required ones (and alternatives) always have a row; the others get one
  // when a reference to them exists. Keys stay stable while typing.
  const rows: Row[] = layout.secretMain.map(param => {
    const index = refs.findIndex(r => r?.parameter === param.name);
    return {
      key: `p-${param.name}`,
      parameter: param.name,
      index: index >= 0 ? index : undefined,
      param,
      primary: true,
    };
  });
  refs.forEach((ref, index) => {
    if (rows.some(r => r.index === index)) return;
    const parameter = typeof ref?.parameter === 'string' ? ref.parameter : '';
    const taken = rows.some(r => r.parameter === parameter);
    rows.push({
      key: taken ? `r-${index}` : `p-${parameter}`,
      parameter,
      index,
      param: paramOf(parameter),
      primary: false,
    });
  });
  const addable = layout.secretMore.filter(
    p => !rows.some(r => r.parameter === p.name),
  );

  const update = (row: Row, patch: Partial<SecretRefIntent>) => {
    const next = [...refs];
    if (row.index === undefined) {
      next.push({
        parameter: row.parameter,
        secretName: '',
        key: '',
        ...patch,
      });
    } else {
      next[row.index] = { ...next[row.index], ...patch };
      const ref = next[row.index];
      // A required row that is emptied goes back to "not given yet".
      if (row.primary && !ref.secretName && !ref.key) {
        next.splice(row.index, 1);
      }
    }
    onChange(setSecretRefs(trigger, next));
  };

  const add = (parameter: string) =>
    onChange(
      setSecretRefs(trigger, [...refs, { parameter, secretName: '', key: '' }]),
    );

  const remove = (row: Row) => {
    if (row.index === undefined) return;
    onChange(
      setSecretRefs(
        trigger,
        refs.filter((_, i) => i !== row.index),
      ),
    );
  };

  const auth = trigger.authentication;
  const creates = Boolean(refs.length || auth?.podIdentity);
  const authErrors = errorsOf('authentication', true);
  const nameErrors = errorsOf('authentication.name', true);

  return (
    <Box mt={2}>
      <Typography variant="subtitle2">
        Values from a Kubernetes Secret
      </Typography>
      <Typography variant="body2" color="textSecondary">
        Credentials are never written into the manifest. Name the Secret
        {namespace ? ` (in namespace ${namespace})` : ''} and its key; the
        portal creates a TriggerAuthentication that reads them.
      </Typography>
      {rows.map((row, i) => {
        const ref = row.index === undefined ? undefined : refs[row.index];
        const field =
          row.index === undefined ? undefined : `secretRefs.${row.index}`;
        const filled = Boolean(ref?.secretName || ref?.key);
        const partErrors = (part: string) =>
          field ? errorsOf(`${field}.${part}`, filled) : [];
        const nameErrs = partErrors('secretName');
        const keyErrs = partErrors('key');
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
          onTouch(`metadata.${row.parameter}`);
          if (field) onTouch(`${field}.secretName`, `${field}.key`);
        };
        const partners = row.param ? groupPartners(definition, row.param) : [];
        const required = Boolean(row.param?.required);
        const rowId = `${id}-secret-${i}`;
        return (
          <div key={row.key} className={classes.param}>
            <Typography variant="body2">
              <span className={classes.name}>
                {row.parameter || '(no parameter)'}
              </span>
              {required ? ' (required)' : ''}
              {row.param ? ` — ${row.param.description}` : ''}
              {partners.length ? ` Or instead: ${partners.join(', ')}.` : ''}
            </Typography>
            <div className={classes.row}>
              <TextField
                id={`${rowId}-name`}
                label={`${row.parameter}: Secret name`}
                variant="outlined"
                margin="dense"
                value={ref?.secretName ?? ''}
                required={required}
                disabled={disabled}
                error={nameErrs.length > 0}
                helperText={nameErrs.join(' ') || undefined}
                onChange={e => update(row, { secretName: e.target.value })}
                onBlur={touch}
                inputProps={{ spellCheck: false, autoComplete: 'off' }}
              />
              <TextField
                id={`${rowId}-key`}
                label={`${row.parameter}: key`}
                variant="outlined"
                margin="dense"
                placeholder={row.parameter}
                value={ref?.key ?? ''}
                required={required}
                disabled={disabled}
                error={keyErrs.length > 0}
                helperText={keyErrs.join(' ') || undefined}
                onChange={e => update(row, { key: e.target.value })}
                onBlur={touch}
                InputLabelProps={{ shrink: true }}
                inputProps={{ spellCheck: false, autoComplete: 'off' }}
              />
              <IconButton
                aria-label={`Remove the Secret reference of ${row.parameter}`}
                disabled={disabled || row.index === undefined}
                onClick={() => remove(row)}
              >
                <DeleteIcon fontSize="small" />
              </IconButton>
            </div>
            {rowErrors.map(text => (
              <Typography
                key={text}
                variant="caption"
                color="error"
                component="p"
              >
                {text}
              </Typography>
            ))}
          </div>
        );
      })}
      {addable.length > 0 && (
        <TextField
          id={`${id}-secret-add`}
          select
          label="Add a value from a Secret"
          variant="outlined"
          margin="dense"
          fullWidth
          value=""
          disabled={disabled}
          SelectProps={{ native: true }}
          InputLabelProps={{ shrink: true }}
          onChange={e => {
            const name = e.target.value;
            if (name) add(name);
          }}
        >
          <option value="">Choose a parameter…</option>
          {addable.map(p => (
            <option key={p.name} value={p.name}>
              {p.name}
              {p.secret ? ' (secret)' : ''} — {p.description}
            </option>
          ))}
        </TextField>
      )}
      <TextField
        id={`${id}-auth-name`}
        label="TriggerAuthentication name"
        variant="outlined"
        margin="dense"
        fullWidth
        value={auth?.name ?? ''}
        disabled={disabled}
        error={nameErrors.length + authErrors.length > 0}
        helperText={
          [...nameErrors, ...authErrors].join(' ') ||
          (creates
            ? 'Optional: the name of the TriggerAuthentication the portal creates.'
            : 'Optional: an existing TriggerAuthentication to use instead of Secret values.')
        }
        onChange={e =>
          onChange(
            setAuthentication(trigger, {
              ...(auth ?? {}),
              name: e.target.value,
            }),
          )
        }
        inputProps={{ spellCheck: false }}
      />
      {!creates && auth?.name && (
        <FormControlLabel
          control={
            <Switch
              color="primary"
              checked={auth.kind === 'ClusterTriggerAuthentication'}
              disabled={disabled}
              onChange={(_, cluster) =>
                onChange(
                  setAuthentication(trigger, {
                    ...auth,
                    kind: cluster ? 'ClusterTriggerAuthentication' : undefined,
                  }),
                )
              }
            />
          }
          label="It is a ClusterTriggerAuthentication"
        />
      )}
    </Box>
  );
}
