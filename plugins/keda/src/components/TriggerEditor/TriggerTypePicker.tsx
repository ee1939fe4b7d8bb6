import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Autocomplete, {
  createFilterOptions,
} from '@material-ui/lab/Autocomplete';
import {
  scalerCatalog,
  type ScalerDefinition,
} from '@keda-portal/plugin-keda-common';
import { useState } from 'react';

const useStyles = makeStyles(theme => ({
  option: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  title: { display: 'flex', gap: theme.spacing(1), alignItems: 'baseline' },
  type: { fontFamily: 'monospace', color: theme.palette.text.secondary },
}));

/** The catalog sorted by category, then title, for a grouped list. */
const OPTIONS: ScalerDefinition[] = [...scalerCatalog].sort(
  (a, b) =>
    a.category.localeCompare(b.category) || a.title.localeCompare(b.title),
);

const filter = createFilterOptions<ScalerDefinition>({
  stringify: d =>
    [d.title, d.type, ...(d.aliases ?? []), d.category, d.description].join(
      ' ',
    ),
});

function badges(definition: ScalerDefinition): string {
  const tags = [
    definition.removed && 'removed from KEDA',
    definition.deprecated && 'deprecated',
    definition.experimental && 'experimental',
  ].filter(Boolean);
  return tags.length ? ` (${tags.join(', ')})` : '';
}

/** Props of {@link TriggerTypePicker}. */
export interface TriggerTypePickerProps {
  id: string;
  label: string;
  /** The chosen type, or `undefined` to always start empty (an "add" box). */
  value?: string;
  onChange(type: string): void;
  error?: string;
  helperText?: string;
  disabled?: boolean;
}

/**
 * Search the whole scaler catalog by name, type, category or description;
 * the list is grouped by category.
 */
export function TriggerTypePicker(props: TriggerTypePickerProps) {
  const { id, label, value, onChange, error, helperText, disabled } = props;
  const classes = useStyles();
  const [input, setInput] = useState('');
  const selected =
    value === undefined
      ? null
      : OPTIONS.find(d => d.type === value || d.aliases?.includes(value)) ??
        null;
  const isAddBox = value === undefined;

  return (
    <Autocomplete<ScalerDefinition, false, boolean, false>
      id={id}
      options={OPTIONS}
      value={selected}
      inputValue={isAddBox ? input : undefined}
      onInputChange={isAddBox ? (_, text) => setInput(text) : undefined}
      groupBy={d => d.category}
      getOptionLabel={d => d.title}
      getOptionSelected={(a, b) => a.type === b.type}
      getOptionDisabled={d => Boolean(d.removed)}
      filterOptions={filter}
      disableClearable={!isAddBox}
      disabled={disabled}
      clearOnBlur
      onChange={(_, definition) => {
        if (!definition) return;
        onChange(definition.type);
        if (isAddBox) setInput('');
      }}
      renderOption={d => (
        <div className={classes.option}>
          <div className={classes.title}>
            <span>
              {d.title}
              {badges(d)}
            </span>
            <span className={classes.type}>{d.type}</span>
          </div>
          <Typography variant="caption" color="textSecondary">
            {d.description}
          </Typography>
        </div>
      )}
      renderInput={params => (
        <TextField
          {...params}
          label={label}
          variant="outlined"
          margin="dense"
          error={Boolean(error)}
          helperText={
            error ??
            helperText ??
            (selected ? `${selected.type}: ${selected.description}` : undefined)
          }
        />
      )}
    />
  );
}
