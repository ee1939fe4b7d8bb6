import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import DeleteIcon from '@material-ui/icons/Delete';
import type {
  ScalerDefinition,
  TriggerIntent,
} from '@keda-portal/plugin-keda-common';
import { useState } from 'react';
import {
  matchingPattern,
  metadataText,
  type ParameterLayout,
  setMetadata,
} from './parameters';
import { ProblemTexts } from './ProblemTexts';

const useStyles = makeStyles(theme => ({
  row: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr) auto',
    gap: theme.spacing(1),
    alignItems: 'start',
  },
  add: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 2fr) auto',
    gap: theme.spacing(1),
    alignItems: 'center',
  },
}));

/** Props of {@link MetadataExtras}. */
export interface MetadataExtrasProps {
  id: string;
  trigger: TriggerIntent;
  definition?: ScalerDefinition;
  layout: ParameterLayout;
  /** Metadata keys without a field of their own. */
  keys: string[];
  errorsOf(field: string, shown: boolean): string[];
  onChange(trigger: TriggerIntent): void;
  disabled?: boolean;
}

/** Sets one metadata key, keeping the value as typed (even empty). */
function withKey(trigger: TriggerIntent, key: string, value: string) {
  return {
    ...trigger,
    metadata: { ...(trigger.metadata ?? {}), [key]: value },
  };
}

/** One extra key: its value, its problems (or the pattern's description). */
function ExtraKeyRow(props: MetadataExtrasProps & { metadataKey: string }) {
  const { id, trigger, layout, errorsOf, onChange, disabled } = props;
  const k = props.metadataKey;
  const classes = useStyles();
  const errors = errorsOf(`metadata.${k}`, true);
  return (
    <div className={classes.row}>
      <TextField
        id={`${id}-extra-${k}`}
        label={k}
        variant="outlined"
        margin="dense"
        fullWidth
        value={metadataText(trigger.metadata?.[k])}
        disabled={disabled}
        error={errors.length > 0}
        helperText={
          errors.length ? (
            <ProblemTexts texts={errors} />
          ) : (
            matchingPattern(layout, k)?.description
          )
        }
        onChange={e => onChange(withKey(trigger, k, e.target.value))}
        inputProps={{ spellCheck: false }}
      />
      <IconButton
        aria-label={`Remove ${k}`}
        disabled={disabled}
        onClick={() => onChange(setMetadata(trigger, k, undefined))}
      >
        <DeleteIcon fontSize="small" />
      </IconButton>
    </div>
  );
}

/** A new key and its value; Enter in the value adds it. */
function AddMetadataKey(props: MetadataExtrasProps) {
  const { id, trigger, onChange, disabled } = props;
  const classes = useStyles();
  const [newKey, setNewKey] = useState('');
  const [newValue, setNewValue] = useState('');
  const key = newKey.trim();
  const exists = key !== '' && trigger.metadata?.[key] !== undefined;

  const add = () => {
    if (!key || exists) return;
    // Kept even when empty, so the row appears and can be filled in.
    onChange(withKey(trigger, key, newValue));
    setNewKey('');
    setNewValue('');
  };
  const input = { variant: 'outlined', margin: 'dense', disabled } as const;

  return (
    <div className={classes.add}>
      <TextField
        {...input}
        id={`${id}-new-key`}
        label="Key"
        value={newKey}
        error={exists}
        helperText={exists ? 'This key is already set.' : undefined}
        onChange={e => setNewKey(e.target.value)}
        inputProps={{ spellCheck: false }}
      />
      <TextField
        {...input}
        id={`${id}-new-value`}
        label="Value"
        value={newValue}
        onChange={e => setNewValue(e.target.value)}
        onKeyDown={e => {
          if (e.key === 'Enter') {
            e.preventDefault();
            add();
          }
        }}
        inputProps={{ spellCheck: false }}
      />
      <Button
        variant="outlined"
        size="small"
        disabled={disabled || !key || exists}
        onClick={add}
      >
        Add key
      </Button>
    </div>
  );
}

/**
 * Metadata keys the generated form has no field for: pattern parameters
 * (`query.A`), `<name>FromEnv`, keys of scalers that pass any metadata on,
 * and unknown or misplaced keys, which the domain core's validation flags.
 */
export function MetadataExtras(props: MetadataExtrasProps) {
  const { definition, layout } = props;
  const hints: string[] = [];
  if (definition?.additionalMetadata) {
    hints.push('This trigger passes every metadata key on to its scaler.');
  }
  if (layout.patterns.length) {
    hints.push(
      `Keys matching ${layout.patterns.map(p => p.name).join(', ')} go here.`,
    );
  }
  hints.push(
    'To read a value from an environment variable of the workload, add <parameter>FromEnv with the variable name.',
  );

  return (
    <Box mt={2}>
      <Typography variant="subtitle2">Other metadata</Typography>
      <Typography variant="body2" color="textSecondary">
        {hints.join(' ')}
      </Typography>
      {props.keys.map(k => (
        <ExtraKeyRow key={k} {...props} metadataKey={k} />
      ))}
      <AddMetadataKey {...props} />
    </Box>
  );
}
