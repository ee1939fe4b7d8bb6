import IconButton from '@material-ui/core/IconButton';
import Link from '@material-ui/core/Link';
import Paper from '@material-ui/core/Paper';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import {
  getScaler,
  type ScalerDefinition,
  type ScalingKind,
  type TriggerIntent,
} from '@keda-portal/plugin-keda-common';
import { useMemo, useState } from 'react';
import { MetadataExtras } from './MetadataExtras';
import {
  isResourceTrigger,
  layoutParameters,
  type ParameterLayout,
  supportsCachedMetrics,
} from './parameters';
import type { LocatedProblem } from './problems';
import { SecretRefsSection } from './SecretRefsSection';
import { useTriggerCardStyles } from './triggerCardStyles';
import { CachedMetricsField, MetricTypeField } from './TriggerOptions';
import { TriggerParameters } from './TriggerParameters';
import { TriggerTypePicker } from './TriggerTypePicker';
import { useTriggerErrors } from './useTriggerErrors';

const EMPTY_LAYOUT: ParameterLayout = {
  main: [],
  more: [],
  secretMain: [],
  secretMore: [],
  patterns: [],
};

/** Props of {@link TriggerCard}. */
export interface TriggerCardProps {
  id: string;
  index: number;
  trigger: TriggerIntent;
  onChange(trigger: TriggerIntent): void;
  onRemove(): void;
  /** Problems the editor found itself: shown once a field is touched or filled. */
  problems: LocatedProblem[];
  /** Problems handed in from outside: always shown. */
  external: LocatedProblem[];
  namespace?: string;
  kind?: ScalingKind;
  disabled?: boolean;
}

/** The card's title row: number, scaler, its docs, and remove. */
function TriggerTitle(props: {
  index: number;
  definition?: ScalerDefinition;
  onRemove(): void;
  disabled?: boolean;
}) {
  const { index, definition } = props;
  const classes = useTriggerCardStyles();
  return (
    <div className={classes.header}>
      <Typography variant="h6" className={classes.grow}>
        Trigger {index + 1}
        {definition ? `: ${definition.title}` : ''}
      </Typography>
      {definition && (
        <Link href={definition.docsUrl} target="_blank" rel="noopener">
          KEDA docs
        </Link>
      )}
      <IconButton
        aria-label={`Remove trigger ${index + 1}`}
        disabled={props.disabled}
        onClick={props.onRemove}
      >
        <DeleteIcon />
      </IconButton>
    </div>
  );
}

/** The trigger's optional name. */
function TriggerNameField(props: {
  id: string;
  trigger: TriggerIntent;
  errors: string[];
  onChange(trigger: TriggerIntent): void;
  disabled?: boolean;
}) {
  const { trigger, errors, onChange } = props;
  return (
    <TextField
      id={`${props.id}-name`}
      label="Trigger name (optional)"
      variant="outlined"
      margin="dense"
      fullWidth
      value={trigger.name ?? ''}
      disabled={props.disabled}
      error={errors.length > 0}
      helperText={
        errors.join(' ') || 'Needed to use this trigger in a scaling formula.'
      }
      onChange={e => {
        const next: TriggerIntent = { ...trigger };
        if (e.target.value) next.name = e.target.value;
        else delete next.name;
        onChange(next);
      }}
      inputProps={{ spellCheck: false }}
    />
  );
}

/** One trigger: its type, name, a form generated from the catalog, secrets. */
export function TriggerCard(props: TriggerCardProps) {
  const { id, trigger, onChange, namespace, disabled } = props;
  const classes = useTriggerCardStyles();
  const [showMore, setShowMore] = useState(false);
  const type = typeof trigger.type === 'string' ? trigger.type : '';
  const definition = type ? getScaler(type) : undefined;
  const layout = useMemo(
    () => (definition ? layoutParameters(definition) : EMPTY_LAYOUT),
    [definition],
  );
  const resource = isResourceTrigger(type);
  const errors = useTriggerErrors({ ...props, layout });
  const { errorsOf, extraKeys } = errors;
  // What the sections below share.
  const section = { id, trigger, layout, errorsOf, onChange, disabled };

  const changeType = (next: string) => {
    if (next === type) return;
    onChange({
      type: next,
      ...(trigger.name ? { name: trigger.name } : {}),
      ...(isResourceTrigger(next) ? { metricType: 'Utilization' } : {}),
      metadata: {},
    });
    errors.untouchAll();
  };

  const option = { id, trigger, onChange, disabled };
  const metricTypeField = (
    <MetricTypeField
      {...option}
      resource={resource}
      errors={errorsOf('metricType', true)}
    />
  );
  const moreOptions: JSX.Element[] = [];
  if (!resource)
    moreOptions.push(<div key="metricType">{metricTypeField}</div>);
  if (supportsCachedMetrics(type)) {
    moreOptions.push(
      <div key="useCachedMetrics">
        <CachedMetricsField
          {...option}
          errors={errorsOf('useCachedMetrics', true)}
        />
      </div>,
    );
  }
  const hasSecrets =
    layout.secretMain.length + layout.secretMore.length > 0 ||
    Boolean(trigger.authentication);

  return (
    <Paper variant="outlined" className={classes.card}>
      <TriggerTitle {...props} definition={definition} />
      <div className={classes.twoColumns}>
        <TriggerTypePicker
          id={`${id}-type`}
          label="Trigger type"
          value={type}
          onChange={changeType}
          disabled={disabled}
          error={errorsOf('type', true).join(' ') || undefined}
        />
        <TriggerNameField {...option} errors={errorsOf('name', true)} />
      </div>
      {definition && (
        <>
          {resource && metricTypeField}
          <TriggerParameters
            {...section}
            definition={definition}
            onTouch={errors.touch}
            moreOptions={moreOptions}
            showMore={showMore}
            setShowMore={setShowMore}
          />
          {hasSecrets && (
            <SecretRefsSection
              {...section}
              definition={definition}
              namespace={namespace}
              onTouch={errors.touch}
            />
          )}
        </>
      )}
      {(definition || extraKeys.length > 0) && (
        <MetadataExtras {...section} definition={definition} keys={extraKeys} />
      )}
      {errors.remaining.map(text => (
        <Typography key={text} variant="body2" color="error" component="p">
          {text}
        </Typography>
      ))}
    </Paper>
  );
}
