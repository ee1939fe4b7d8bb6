import Box from '@material-ui/core/Box';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import type {
  ScalerDefinition,
  ScalerParameter,
  SecretRefIntent,
  TriggerIntent,
} from '@keda-portal/plugin-keda-common';
import {
  type ParameterLayout,
  setAuthentication,
  setSecretRefs,
} from './parameters';
import { SecretRefRow } from './SecretRefRow';
import { patchSecretRef, secretRows } from './secretRows';

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

/** Adds a row for an optional secret parameter. */
function AddSecretRef(props: {
  id: string;
  addable: ScalerParameter[];
  disabled?: boolean;
  onAdd(parameter: string): void;
}) {
  return (
    <TextField
      id={`${props.id}-secret-add`}
      select
      label="Add a value from a Secret"
      variant="outlined"
      margin="dense"
      fullWidth
      value=""
      disabled={props.disabled}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      onChange={e => {
        const name = e.target.value;
        if (name) props.onAdd(name);
      }}
    >
      <option value="">Choose a parameter…</option>
      {props.addable.map(p => (
        <option key={p.name} value={p.name}>
          {p.name}
          {p.secret ? ' (secret)' : ''} — {p.description}
        </option>
      ))}
    </TextField>
  );
}

/**
 * The TriggerAuthentication's name: of the one the portal creates from the
 * Secret references, or of an existing one (then maybe cluster-wide).
 */
function AuthenticationFields(props: SecretRefsSectionProps) {
  const { id, trigger, errorsOf, onChange, disabled } = props;
  const auth = trigger.authentication;
  const creates = Boolean(auth?.secretRefs?.length || auth?.podIdentity);
  const errors = [
    ...errorsOf('authentication.name', true),
    ...errorsOf('authentication', true),
  ];
  return (
    <>
      <TextField
        id={`${id}-auth-name`}
        label="TriggerAuthentication name"
        variant="outlined"
        margin="dense"
        fullWidth
        value={auth?.name ?? ''}
        disabled={disabled}
        error={errors.length > 0}
        helperText={
          errors.join(' ') ||
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
    </>
  );
}

/**
 * Values only a TriggerAuthentication may supply (passwords, tokens,
 * connection strings, certificates). They are never typed in: each is a
 * reference to a key of a Kubernetes Secret, which becomes
 * `authentication.secretRefs`.
 */
export function SecretRefsSection(props: SecretRefsSectionProps) {
  const { id, trigger, layout, namespace, onChange, disabled } = props;
  const refs: SecretRefIntent[] = trigger.authentication?.secretRefs ?? [];
  const { rows, addable } = secretRows(layout, refs);
  const setRefs = (next: SecretRefIntent[]) =>
    onChange(setSecretRefs(trigger, next));

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
      {rows.map((row, i) => (
        <SecretRefRow
          {...props}
          key={row.key}
          id={`${id}-secret-${i}`}
          row={row}
          onUpdate={(r, patch) => setRefs(patchSecretRef(refs, r, patch))}
          onRemove={r => {
            if (r.index !== undefined) {
              setRefs(refs.filter((_, index) => index !== r.index));
            }
          }}
        />
      ))}
      {addable.length > 0 && (
        <AddSecretRef
          id={id}
          addable={addable}
          disabled={disabled}
          onAdd={parameter =>
            setRefs([...refs, { parameter, secretName: '', key: '' }])
          }
        />
      )}
      <AuthenticationFields {...props} />
    </Box>
  );
}
