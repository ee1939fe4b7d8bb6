import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Collapse from '@material-ui/core/Collapse';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import IconButton from '@material-ui/core/IconButton';
import Link from '@material-ui/core/Link';
import Paper from '@material-ui/core/Paper';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import DeleteIcon from '@material-ui/icons/Delete';
import ExpandLessIcon from '@material-ui/icons/ExpandLess';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import {
  getScaler,
  type ScalerParameter,
  type ScalingKind,
  type TriggerIntent,
} from '@keda-portal/plugin-keda-common';
import { useMemo, useState } from 'react';
import { MetadataExtras } from './MetadataExtras';
import { ParameterField } from './ParameterField';
import {
  groupPartners,
  hasOwnField,
  isResourceTrigger,
  layoutParameters,
  metadataText,
  type ParameterLayout,
  setMetadata,
  supportsCachedMetrics,
} from './parameters';
import { type LocatedProblem, problemText } from './problems';
import { SecretRefsSection } from './SecretRefsSection';
import { TriggerTypePicker } from './TriggerTypePicker';

const useStyles = makeStyles(theme => ({
  card: { padding: theme.spacing(2), marginBottom: theme.spacing(2) },
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  grow: { flex: 1, minWidth: 0 },
  twoColumns: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))',
    columnGap: theme.spacing(2),
  },
}));

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

/** One trigger: its type, name, a form generated from the catalog, secrets. */
export function TriggerCard(props: TriggerCardProps) {
  const { id, index, trigger, onChange, onRemove, namespace, disabled } = props;
  const classes = useStyles();
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [showMore, setShowMore] = useState(false);
  const type = typeof trigger.type === 'string' ? trigger.type : '';
  const definition = type ? getScaler(type) : undefined;
  const layout = useMemo(
    () => (definition ? layoutParameters(definition) : EMPTY_LAYOUT),
    [definition],
  );
  const metadata = trigger.metadata ?? {};
  const resource = isResourceTrigger(type);

  const touch = (...fields: string[]) =>
    setTouched(current => {
      if (fields.every(f => current.has(f))) return current;
      return new Set([...current, ...fields]);
    });

  /** Formatted problems of a field; internal ones only once relevant. */
  const errorsOf = (field: string, shown: boolean): string[] => {
    const texts = [
      ...props.external.filter(p => p.field === field),
      ...(shown || touched.has(field)
        ? props.problems.filter(p => p.field === field)
        : []),
    ].map(p => problemText(p.problem, { named: true }));
    return [...new Set(texts)];
  };

  // Fields that show their own problems; the rest are listed at the bottom.
  const handled = new Set<string>([
    'type',
    'name',
    'metricType',
    'useCachedMetrics',
    'authentication',
    'authentication.name',
  ]);
  for (const p of [...layout.main, ...layout.more]) {
    handled.add(`metadata.${p.name}`);
  }
  for (const p of layout.secretMain) {
    if (metadata[p.name] === undefined) handled.add(`metadata.${p.name}`);
  }
  const extraKeys = Object.keys(metadata).filter(k => !hasOwnField(layout, k));
  for (const k of extraKeys) handled.add(`metadata.${k}`);
  const isHandled = (field: string) =>
    handled.has(field) || field.startsWith('secretRefs.');
  const remaining = [
    ...new Set(
      [...props.external, ...props.problems]
        .filter(p => !isHandled(p.field))
        .map(p => problemText(p.problem, { named: true })),
    ),
  ];

  const changeType = (next: string) => {
    if (next === type) return;
    onChange({
      type: next,
      ...(trigger.name ? { name: trigger.name } : {}),
      ...(isResourceTrigger(next) ? { metricType: 'Utilization' } : {}),
      metadata: {},
    });
    setTouched(new Set());
  };

  const renderParameter = (param: ScalerParameter) => {
    const field = `metadata.${param.name}`;
    const value = metadataText(metadata[param.name]);
    const partners = definition ? groupPartners(definition, param) : [];
    return (
      <ParameterField
        key={param.name}
        id={`${id}-param-${param.name}`}
        param={param}
        value={value}
        disabled={disabled}
        errors={errorsOf(field, value !== '')}
        note={
          partners.length ? `Or instead: ${partners.join(', ')}.` : undefined
        }
        onChange={next => onChange(setMetadata(trigger, param.name, next))}
        onBlur={() => touch(field)}
      />
    );
  };

  const metricTypeErrors = errorsOf('metricType', true);
  const metricTypeField = (
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
      error={metricTypeErrors.length > 0}
      helperText={
        metricTypeErrors.join(' ') ||
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

  const cachedErrors = errorsOf('useCachedMetrics', true);
  const cachedField = (
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
        color={cachedErrors.length ? 'error' : 'textSecondary'}
        component="p"
      >
        {cachedErrors.join(' ') ||
          'Answer the HPA from the value KEDA read at the last polling interval.'}
      </Typography>
    </Box>
  );

  // Optional fields stay visible while collapsed when they hold something.
  const moreVisible = (param: ScalerParameter) =>
    metadataText(metadata[param.name]) !== '' ||
    errorsOf(`metadata.${param.name}`, false).length > 0;
  const moreOptions: JSX.Element[] = [];
  if (!resource)
    moreOptions.push(<div key="metricType">{metricTypeField}</div>);
  if (supportsCachedMetrics(type)) {
    moreOptions.push(<div key="useCachedMetrics">{cachedField}</div>);
  }
  const setCount = layout.more.filter(moreVisible).length;
  const hasSecrets =
    layout.secretMain.length + layout.secretMore.length > 0 ||
    Boolean(trigger.authentication);

  const typeErrors = errorsOf('type', true);
  const nameErrors = errorsOf('name', true);

  return (
    <Paper variant="outlined" className={classes.card}>
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
          disabled={disabled}
          onClick={onRemove}
        >
          <DeleteIcon />
        </IconButton>
      </div>
      <div className={classes.twoColumns}>
        <TriggerTypePicker
          id={`${id}-type`}
          label="Trigger type"
          value={type}
          onChange={changeType}
          disabled={disabled}
          error={typeErrors.join(' ') || undefined}
        />
        <TextField
          id={`${id}-name`}
          label="Trigger name (optional)"
          variant="outlined"
          margin="dense"
          fullWidth
          value={trigger.name ?? ''}
          disabled={disabled}
          error={nameErrors.length > 0}
          helperText={
            nameErrors.join(' ') ||
            'Needed to use this trigger in a scaling formula.'
          }
          onChange={e => {
            const next: TriggerIntent = { ...trigger };
            if (e.target.value) next.name = e.target.value;
            else delete next.name;
            onChange(next);
          }}
          inputProps={{ spellCheck: false }}
        />
      </div>

      {definition && (
        <>
          {resource && metricTypeField}
          {layout.main.length > 0 ? (
            <div className={classes.twoColumns}>
              {layout.main.map(renderParameter)}
            </div>
          ) : (
            layout.secretMain.length === 0 && (
              <Typography variant="body2" color="textSecondary">
                This trigger has no required parameters.
              </Typography>
            )
          )}
          {(layout.more.length > 0 || moreOptions.length > 0) && (
            <>
              {!showMore && (
                <div className={classes.twoColumns}>
                  {layout.more.filter(moreVisible).map(renderParameter)}
                </div>
              )}
              <Button
                size="small"
                onClick={() => setShowMore(v => !v)}
                startIcon={showMore ? <ExpandLessIcon /> : <ExpandMoreIcon />}
                aria-expanded={showMore}
              >
                {showMore
                  ? 'Fewer options'
                  : `More options (${layout.more.length + moreOptions.length}${
                      setCount ? `, ${setCount} set` : ''
                    })`}
              </Button>
              <Collapse in={showMore} unmountOnExit>
                <div className={classes.twoColumns}>
                  {layout.more.map(renderParameter)}
                  {moreOptions}
                </div>
              </Collapse>
            </>
          )}
          {hasSecrets && (
            <SecretRefsSection
              id={id}
              trigger={trigger}
              definition={definition}
              layout={layout}
              namespace={namespace}
              errorsOf={errorsOf}
              onChange={onChange}
              onTouch={touch}
              disabled={disabled}
            />
          )}
        </>
      )}
      {(definition || extraKeys.length > 0) && (
        <MetadataExtras
          id={id}
          trigger={trigger}
          definition={definition}
          layout={layout}
          keys={extraKeys}
          errorsOf={errorsOf}
          onChange={onChange}
          disabled={disabled}
        />
      )}
      {remaining.map(text => (
        <Typography key={text} variant="body2" color="error" component="p">
          {text}
        </Typography>
      ))}
    </Paper>
  );
}
