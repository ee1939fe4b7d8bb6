import type {
  ManifestProblem,
  ScalingIntent,
} from '@keda-portal/plugin-keda-common';
import Grid, { type GridSize } from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import type { ChangeGuardrails } from '../../api';
import { fieldOf } from './intent';
import { ProblemLines } from './ProblemLines';

/** A whole number from a number input; undefined when empty. */
export function parseCount(value: string): number | undefined {
  if (value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}

type CountField = 'minReplicaCount' | 'maxReplicaCount' | 'idleReplicaCount';

interface EditorProps {
  intent: ScalingIntent;
  update(next: ScalingIntent): void;
  problems: ManifestProblem[];
  idPrefix: string;
}

/** What differs between the replica counts. */
interface CountSpec {
  field: CountField;
  idSuffix: string;
  label: string;
  min: number;
  sm: GridSize;
  hint?: string;
}

/** One replica count: its problems under it, else the hint. */
function CountInput(props: EditorProps & CountSpec) {
  const { intent, update, field } = props;
  const found = props.problems.filter(p => fieldOf(p) === field);
  return (
    <Grid item xs={12} sm={props.sm}>
      <TextField
        id={`${props.idPrefix}-${props.idSuffix}`}
        label={props.label}
        type="number"
        fullWidth
        variant="outlined"
        size="small"
        inputProps={{ min: props.min }}
        value={intent[field] ?? ''}
        onChange={e =>
          update({ ...intent, [field]: parseCount(e.target.value) })
        }
        error={found.length > 0}
        helperText={
          found.length ? <ProblemLines problems={found} /> : props.hint
        }
      />
    </Grid>
  );
}

/** Minimum, maximum and (for a ScaledObject) idle replicas or jobs. */
export function ReplicaFields(
  props: EditorProps & { isJob: boolean; guardrails?: ChangeGuardrails },
) {
  const { isJob, guardrails: g, ...editor } = props;
  const sm = isJob ? 6 : 4;
  const inputs: CountSpec[] = [
    {
      field: 'minReplicaCount',
      idSuffix: 'min',
      label: isJob ? 'Minimum jobs' : 'Minimum replicas',
      min: 0,
      sm,
      hint:
        g && !g.scaleToZeroAllowed && !isJob
          ? 'At least 1 here: scaling to zero is not allowed.'
          : undefined,
    },
    {
      field: 'maxReplicaCount',
      idSuffix: 'max',
      label: isJob ? 'Maximum jobs at once' : 'Maximum replicas',
      min: 1,
      sm,
      hint:
        g?.maxReplicaCount !== undefined
          ? `Max ${g.maxReplicaCount} allowed here.`
          : undefined,
    },
  ];
  // A ScaledJob has no idle replicas.
  if (!isJob) {
    inputs.push({
      field: 'idleReplicaCount',
      idSuffix: 'idle',
      label: 'Idle replicas',
      min: 0,
      sm: 4,
      hint: 'Optional: replicas while no trigger is active (usually 0, below the minimum).',
    });
  }
  return (
    <>
      {inputs.map(input => (
        <CountInput key={input.field} {...editor} {...input} />
      ))}
    </>
  );
}
