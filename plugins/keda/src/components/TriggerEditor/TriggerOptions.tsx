import Box from '@material-ui/core/Box';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import type { TriggerIntent } from '@keda-portal/plugin-keda-common';

/** What the trigger options get from their card. */
export interface TriggerOptionProps {
  id: string;
  trigger: TriggerIntent;
  /** Already formatted problems of the option. */
  errors: string[];
  onChange(trigger: TriggerIntent): void;
  disabled?: boolean;
}

/**
 * `metricType`: required for cpu and memory (Utilization or AverageValue),
 * optional for the others.
 */
export function MetricTypeField(
  props: TriggerOptionProps & { resource: boolean },
) {
  const { id, trigger, errors, onChange, disabled, resource } = props;
  return (
    <TextField
      id={`${id}-metric-type`}
      select
      fullWidth
      margin="dense"
      variant="outlined"
      label="metricType"
      required={resource}
      value={trigger.metricType ?? ''}
      disabled={disabled}
      error={errors.length > 0}
      helperText={
        errors.join(' ') ||
        (resource
          ? 'Utilization: percent of the containers’ requests. AverageValue: a quantity per pod.'
          : 'How the HPA compares the metric with the target.')
      }
      onChange={e => {
        const next: TriggerIntent = { ...trigger };
        if (e.target.value) {
          next.metricType = e.target.value as TriggerIntent['metricType'];
        } else {
          delete next.metricType;
        }
        onChange(next);
      }}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
    >
      <option value="">
        {resource ? 'Choose…' : 'Default (AverageValue)'}
      </option>
      {(resource
        ? ['Utilization', 'AverageValue']
        : ['AverageValue', 'Value']
      ).map(v => (
        <option key={v} value={v}>
          {v}
        </option>
      ))}
      {trigger.metricType === 'Utilization' && !resource && (
        <option value="Utilization">Utilization</option>
      )}
    </TextField>
  );
}

/** `useCachedMetrics`, for the scalers that support it. */
export function CachedMetricsField(props: TriggerOptionProps) {
  const { trigger, errors, onChange, disabled } = props;
  return (
    <Box>
      <FormControlLabel
        control={
          <Switch
            color="primary"
            checked={trigger.useCachedMetrics === true}
            disabled={disabled}
            onChange={(_, checked) => {
              const next: TriggerIntent = { ...trigger };
              if (checked) next.useCachedMetrics = true;
              else delete next.useCachedMetrics;
              onChange(next);
            }}
          />
        }
        label="useCachedMetrics"
      />
      <Typography
        variant="caption"
        color={errors.length ? 'error' : 'textSecondary'}
        component="p"
      >
        {errors.join(' ') ||
          'Answer the HPA from the value KEDA read at the last polling interval.'}
      </Typography>
    </Box>
  );
}
