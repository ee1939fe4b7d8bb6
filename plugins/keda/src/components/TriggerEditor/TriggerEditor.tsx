import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type {
  ManifestProblem,
  ScalingKind,
  TriggerIntent,
} from '@keda-portal/plugin-keda-common';
import { useMemo, useRef, useState } from 'react';
import { isResourceTrigger } from './parameters';
import {
  locateProblems,
  previewIntent,
  problemText,
  validateTriggers,
} from './problems';
import { TriggerCard } from './TriggerCard';
import { TriggerTypePicker } from './TriggerTypePicker';

/**
 * Props of {@link TriggerEditor}.
 *
 * @public
 */
export interface TriggerEditorProps {
  /** The triggers being edited. */
  value: TriggerIntent[];
  /** Called with the whole new list on every change. */
  onChange(value: TriggerIntent[]): void;
  /** Namespace of the scaled workload, where the referenced Secrets live. */
  namespace?: string;
  /**
   * Problems found elsewhere (e.g. by validating the whole scaling intent);
   * those about the triggers are shown under their fields.
   */
  problems?: ManifestProblem[];
  /** Shows the triggers without letting anyone change them. */
  disabled?: boolean;
  /** What the triggers drive; `ScaledObject` unless told. */
  kind?: ScalingKind;
}

let editorCount = 0;

/**
 * Edits the triggers of a scaling intent. Trigger types come from the whole
 * KEDA scaler catalog (searchable, grouped by category); each trigger gets a
 * form generated from its parameters, with problems from the domain core's
 * validation under the fields they are about. Credentials are only ever
 * references to a key of a Kubernetes Secret (`authentication.secretRefs`),
 * never values.
 *
 * @public
 */
export function TriggerEditor(props: TriggerEditorProps): JSX.Element {
  const { onChange, namespace, disabled, kind } = props;
  const value = useMemo(
    () => (Array.isArray(props.value) ? props.value : []),
    [props.value],
  );
  const [id] = useState(() => `keda-trigger-editor-${++editorCount}`);

  // Stable keys for the cards, so removing one keeps the others' state.
  const keys = useRef<string[]>([]);
  const nextKey = useRef(0);
  while (keys.current.length < value.length) {
    keys.current.push(`t${nextKey.current++}`);
  }
  if (keys.current.length > value.length) {
    keys.current = keys.current.slice(0, value.length);
  }

  const problems = useMemo(
    () => validateTriggers(value, { namespace, kind }),
    [value, namespace, kind],
  );
  const external = useMemo(
    () =>
      props.problems?.length
        ? locateProblems(
            props.problems,
            previewIntent(value, { namespace, kind }),
          )
        : [],
    [props.problems, value, namespace, kind],
  );

  const update = (index: number, trigger: TriggerIntent) =>
    onChange(value.map((t, i) => (i === index ? trigger : t)));

  const remove = (index: number) => {
    keys.current = keys.current.filter((_, i) => i !== index);
    onChange(value.filter((_, i) => i !== index));
  };

  const add = (type: string) =>
    onChange([
      ...value,
      {
        type,
        ...(isResourceTrigger(type) ? { metricType: 'Utilization' } : {}),
        metadata: {},
      },
    ]);

  const listProblems = [
    ...new Set(
      external
        .filter(p => p.trigger === undefined)
        .map(p => problemText(p.problem)),
    ),
  ];

  return (
    <Box>
      {value.map((trigger, index) => (
        <TriggerCard
          key={keys.current[index]}
          id={`${id}-${keys.current[index]}`}
          index={index}
          trigger={trigger ?? { type: '' }}
          onChange={next => update(index, next)}
          onRemove={() => remove(index)}
          problems={problems.filter(p => p.trigger === index)}
          external={external.filter(p => p.trigger === index)}
          namespace={namespace}
          kind={kind}
          disabled={disabled}
        />
      ))}
      {value.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No triggers yet. A trigger is the event source that drives scaling:
          pick its type below.
        </Typography>
      )}
      <TriggerTypePicker
        id={`${id}-add`}
        label={value.length ? 'Add another trigger' : 'Add a trigger'}
        onChange={add}
        disabled={disabled}
        helperText="Search by name, type or category, e.g. kafka, queue, cron."
      />
      {listProblems.map(text => (
        <Typography key={text} variant="body2" color="error" component="p">
          {text}
        </Typography>
      ))}
    </Box>
  );
}
