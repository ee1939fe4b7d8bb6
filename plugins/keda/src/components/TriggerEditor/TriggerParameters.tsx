import Button from '@material-ui/core/Button';
import Collapse from '@material-ui/core/Collapse';
import Typography from '@material-ui/core/Typography';
import ExpandLessIcon from '@material-ui/icons/ExpandLess';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import type {
  ScalerDefinition,
  ScalerParameter,
  TriggerIntent,
} from '@keda-portal/plugin-keda-common';
import { ParameterField } from './ParameterField';
import {
  groupPartners,
  metadataText,
  type ParameterLayout,
  setMetadata,
} from './parameters';
import { useTriggerCardStyles } from './triggerCardStyles';

/** Props of {@link TriggerParameters}. */
export interface TriggerParametersProps {
  id: string;
  trigger: TriggerIntent;
  definition: ScalerDefinition;
  layout: ParameterLayout;
  errorsOf(field: string, shown: boolean): string[];
  onChange(trigger: TriggerIntent): void;
  onTouch(...fields: string[]): void;
  disabled?: boolean;
  /** Options of the trigger itself shown under "More options". */
  moreOptions: JSX.Element[];
  /** Whether "More options" is open (kept by the card across type changes). */
  showMore: boolean;
  setShowMore(update: (open: boolean) => boolean): void;
}

/**
 * The form generated from the scaler's catalog entry: the required
 * parameters, then the optional ones behind "More options" (those holding a
 * value or a problem stay visible while collapsed).
 */
export function TriggerParameters(props: TriggerParametersProps) {
  const { id, trigger, definition, layout, errorsOf, moreOptions } = props;
  const classes = useTriggerCardStyles();
  const { showMore, setShowMore } = props;
  const metadata = trigger.metadata ?? {};

  const renderParameter = (param: ScalerParameter) => {
    const field = `metadata.${param.name}`;
    const value = metadataText(metadata[param.name]);
    const partners = groupPartners(definition, param);
    return (
      <ParameterField
        key={param.name}
        id={`${id}-param-${param.name}`}
        param={param}
        value={value}
        disabled={props.disabled}
        errors={errorsOf(field, value !== '')}
        note={
          partners.length ? `Or instead: ${partners.join(', ')}.` : undefined
        }
        onChange={next =>
          props.onChange(setMetadata(trigger, param.name, next))
        }
        onBlur={() => props.onTouch(field)}
      />
    );
  };

  const moreVisible = (param: ScalerParameter) =>
    metadataText(metadata[param.name]) !== '' ||
    errorsOf(`metadata.${param.name}`, false).length > 0;
  const setCount = layout.more.filter(moreVisible).length;

  return (
    <>
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
    </>
  );
}
