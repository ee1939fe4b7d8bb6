import type {
  ScalingIntent,
  WorkloadView,
} from '@keda-portal/plugin-keda-common';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { DriftPanel } from './DriftPanel';
import { driftSummary, replacedTriggers } from './drift';
import { useStyles } from './styles';
import type { Start } from './useChangeStart';

/**
 * Above the form: where it started, how Git and the cluster differ, what
 * could not be carried over, and why a live ScaledJob cannot be proposed.
 */
export function StartNotes(props: {
  start: Start;
  intent: ScalingIntent;
  workload: WorkloadView;
  isJob: boolean;
  blocked: boolean;
}) {
  const { start, intent, workload, isJob, blocked } = props;
  const classes = useStyles();
  const drift = driftSummary({
    git: start.source === 'git' ? start.intent : undefined,
    live: start.source === 'git' ? workload : undefined,
    gitSource: start.gitSource,
  });
  const replaced = replacedTriggers(workload.triggers, intent.triggers);
  return (
    <>
      <Typography variant="body2" color="textSecondary" paragraph>
        The change becomes a pull request to the GitOps repository; nothing
        changes in the cluster until it is reviewed and merged. {start.note}
      </Typography>
      <DriftPanel drift={drift} replaced={replaced} />
      {start.lost.length > 0 && (
        <Alert severity="warning" style={{ marginBottom: 16 }}>
          {start.source === 'git'
            ? 'These settings in Git cannot be edited here and a proposal would remove them: '
            : 'Not carried over from the live object (check the diff before proposing): '}
          <span className={classes.mono}>{start.lost.join(', ')}</span>
          {start.source === 'live'
            ? '. Timings, fallback and HPA behaviour are not shown by the live view either.'
            : ''}
        </Alert>
      )}
      {start.source === 'live' && start.lost.length === 0 && !isJob && (
        <Alert severity="warning" style={{ marginBottom: 16 }}>
          The live view does not show timings, fallback or HPA behaviour, so a
          proposal made here would not keep them: check the diff before
          proposing.
        </Alert>
      )}
      {blocked && (
        <Alert severity="error" style={{ marginBottom: 16 }}>
          The job template of this ScaledJob is not part of the live view, so a
          change cannot be proposed from it. Put the ScaledJob's manifest into
          the GitOps folder first.
        </Alert>
      )}
    </>
  );
}
