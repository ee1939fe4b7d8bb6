import { Progress } from '@backstage/core-components';
import type { WorkloadView } from '@keda-portal/plugin-keda-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Grid from '@material-ui/core/Grid';
import type { ChangeProposal, ChangePullRequest, CompoundRef } from '../../api';
import { ChangeFailure, PreviewResult, ProposalResult } from './ChangeResults';
import {
  DiscardEditsDialog,
  useDiscardConfirmation,
} from './DiscardEditsDialog';
import { PauseField } from './PauseField';
import { ReplicaFields } from './ReplicaFields';
import { StartNotes } from './StartNotes';
import { useStyles } from './styles';
import { TriggersSection } from './TriggersSection';
import { type ProposeChangeState, useProposeChange } from './useProposeChange';

/**
 * Props of {@link ProposeChangeDialog}.
 *
 * @public
 */
export interface ProposeChangeDialogProps {
  open: boolean;
  onClose(): void;
  /** The catalog entity the workload belongs to. */
  entity: CompoundRef;
  /** The entity's `backstage.io/kubernetes-id`, when it has one. */
  kubernetesId?: string;
  /** The live workload the change starts from. */
  workload: WorkloadView;
  /** The entity's open pull requests, to name the button right before a preview. */
  openPullRequests?: ChangePullRequest[];
  /** Called after a pull request was opened or updated. */
  onProposed?(proposal: ChangeProposal): void;
}

/** The form and, under it, the outcome of the last preview or proposal. */
function ChangeForm({
  state,
  idPrefix,
}: {
  state: ProposeChangeState;
  idPrefix: string;
}) {
  const classes = useStyles();
  const { intent, update, problems, isJob, preview, proposal } = state;
  if (!intent) return null;
  const editor = { intent, update, problems };
  return (
    <>
      <Grid container spacing={2}>
        <ReplicaFields
          {...editor}
          idPrefix={idPrefix}
          isJob={isJob}
          guardrails={state.guardrails}
        />
        <Grid item xs={12}>
          <PauseField
            {...editor}
            isJob={isJob}
            pausedAt={state.pausedAt}
            setPausedAt={state.setPausedAt}
          />
        </Grid>
        <Grid item xs={12}>
          <TriggersSection
            {...editor}
            guardrails={state.guardrails}
            isJob={isJob}
            disabled={state.busy !== undefined}
          />
        </Grid>
      </Grid>
      {state.error && <ChangeFailure error={state.error} />}
      {proposal && (
        <Box className={classes.section}>
          <ProposalResult proposal={proposal} />
        </Box>
      )}
      {preview && (
        <PreviewResult preview={preview} proposed={proposal !== undefined} />
      )}
    </>
  );
}

/** Close, Preview, and Open (or Update) pull request. */
function ProposeChangeActions({
  state,
  onClose,
}: {
  state: ProposeChangeState;
  onClose(): void;
}) {
  const { intent, busy, blocked, preview } = state;
  // Problems found while typing block proposing until a preview re-checks.
  const localBlocking = !preview && state.problems.length > 0;
  return (
    <DialogActions>
      <Button onClick={onClose}>Close</Button>
      <Button
        variant="outlined"
        color="primary"
        disabled={!intent || busy !== undefined || blocked}
        onClick={() => state.run('preview')}
      >
        {busy === 'preview' ? 'Previewing…' : 'Preview'}
      </Button>
      <Button
        variant="contained"
        color="primary"
        disabled={
          !intent ||
          busy !== undefined ||
          blocked ||
          localBlocking ||
          (preview !== undefined && !preview.valid)
        }
        onClick={() => state.run('propose')}
      >
        {busy === 'propose' && 'Proposing…'}
        {busy !== 'propose' &&
          (state.hasOpenPr ? 'Update pull request' : 'Open pull request')}
      </Button>
    </DialogActions>
  );
}

/**
 * Edits a workload's scaling (bounds, pause, triggers), previews the change
 * as a diff of the GitOps repository, and opens or updates the entity's pull
 * request. Nothing reaches a cluster until a reviewer merges.
 *
 * @public
 */
export function ProposeChangeDialog(props: ProposeChangeDialogProps) {
  const { open, onClose, workload } = props;
  const state = useProposeChange(props);
  const { start, intent } = state;
  const confirmation = useDiscardConfirmation({
    edited: state.edited,
    proposing: state.busy === 'propose',
    onClose,
  });

  return (
    <Dialog
      open={open}
      onClose={confirmation.requestClose}
      maxWidth="md"
      fullWidth
      aria-labelledby="propose-change-title"
    >
      <DialogTitle id="propose-change-title">
        Propose a change to {workload.kind} {workload.name}
      </DialogTitle>
      <DialogContent dividers>
        {state.loading || !intent || !start ? (
          <Progress />
        ) : (
          <>
            <StartNotes
              start={start}
              intent={intent}
              workload={workload}
              isJob={state.isJob}
              blocked={state.blocked}
            />
            <ChangeForm
              state={state}
              idPrefix={`propose-${workload.namespace}-${workload.name}`}
            />
          </>
        )}
      </DialogContent>
      <DiscardEditsDialog
        workloadName={workload.name}
        confirmation={confirmation}
      />
      <ProposeChangeActions state={state} onClose={confirmation.requestClose} />
    </Dialog>
  );
}
