import type {
  ManifestProblem,
  ScalingIntent,
} from '@keda-portal/plugin-keda-common';
import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { fieldOf, PauseMode, pauseModeOf, withPause } from './intent';
import { ProblemLines } from './ProblemLines';
import { parseCount } from './ReplicaFields';
import { useStyles } from './styles';

/** One choice of the pause control. */
function PauseChoice(props: { mode: PauseMode; label: string }) {
  return (
    <FormControlLabel
      value={props.mode}
      control={<Radio size="small" />}
      label={props.label}
    />
  );
}

/**
 * Running, paused, or paused at a replica count (the KEDA pause
 * annotations). `pausedAt` is the count as typed, kept while another mode
 * is chosen.
 */
export function PauseField(props: {
  intent: ScalingIntent;
  update(next: ScalingIntent): void;
  problems: ManifestProblem[];
  isJob: boolean;
  pausedAt: string;
  setPausedAt(value: string): void;
}) {
  const { intent, update, isJob, pausedAt } = props;
  const classes = useStyles();
  const mode = pauseModeOf(intent);
  const found = props.problems.filter(p => fieldOf(p) === 'pause');
  return (
    <FormControl component="fieldset" error={found.length > 0}>
      <FormLabel component="legend">Autoscaling</FormLabel>
      <RadioGroup
        row
        aria-label="Autoscaling"
        value={mode}
        onChange={e =>
          update(
            withPause(
              intent,
              e.target.value as PauseMode,
              parseCount(pausedAt),
            ),
          )
        }
      >
        <PauseChoice mode="running" label="Running" />
        <PauseChoice
          mode="paused"
          label={
            isJob ? 'Paused (no new jobs)' : 'Paused at the current replicas'
          }
        />
        {!isJob && (
          <Box className={classes.pauseRow}>
            <PauseChoice mode="pausedAt" label="Paused at" />
            <TextField
              type="number"
              size="small"
              style={{ width: 90 }}
              inputProps={{ min: 0, 'aria-label': 'Replicas while paused' }}
              value={pausedAt}
              onChange={e => {
                props.setPausedAt(e.target.value);
                if (mode === 'pausedAt') {
                  update(
                    withPause(intent, 'pausedAt', parseCount(e.target.value)),
                  );
                }
              }}
            />
            <Typography variant="body2" style={{ marginLeft: 8 }}>
              replicas
            </Typography>
          </Box>
        )}
      </RadioGroup>
      <FormHelperText>
        {found.length ? (
          <ProblemLines problems={found} />
        ) : (
          'Pausing keeps KEDA from scaling (KEDA pause annotations); resume by choosing Running.'
        )}
      </FormHelperText>
    </FormControl>
  );
}
