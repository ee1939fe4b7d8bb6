import { Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  validateIntent,
  type ManifestProblem,
  type ScalingIntent,
  type WorkloadView,
} from '@keda-portal/plugin-keda-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Grid from '@material-ui/core/Grid';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { useEffect, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  ChangeGuardrails,
  ChangePreview,
  ChangeProposal,
  ChangePullRequest,
  CompoundRef,
  kedaApiRef,
} from '../../api';
import { TriggerEditor } from '../TriggerEditor';
import { DiffView } from './DiffView';
import { DriftPanel } from './DriftPanel';
import { driftSummary, replacedTriggers } from './drift';
import {
  describeError,
  guardrailProblems,
  fieldLabel,
  fieldOf,
  FormField,
  intentFromWorkload,
  isNotFound,
  PauseMode,
  problemLine,
  pauseModeOf,
  withPause,
} from './intent';

const useStyles = makeStyles(theme => ({
  section: { marginTop: theme.spacing(3) },
  mono: { fontFamily: 'monospace', fontSize: '0.8rem' },
  list: { margin: theme.spacing(0.5, 0), paddingLeft: theme.spacing(3) },
  pauseRow: { display: 'flex', alignItems: 'center', flexWrap: 'wrap' },
}));

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

/** What the form starts from, and where that came from. */
interface Start {
  intent: ScalingIntent;
  source: 'git' | 'live';
  note?: string;
  lost: string[];
  /** Where Git was read, e.g. `apps/email-worker/scaledobject.yaml on main`. */
  gitSource?: string;
}

/** A whole number from a number input; undefined when empty. */
function parseCount(value: string): number | undefined {
  if (value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}

function guardrailLines(g: ChangeGuardrails | undefined, isJob: boolean) {
  if (!g) return [];
  const lines: string[] = [];
  if (g.allowedTriggerTypes?.length) {
    lines.push(
      `Trigger types allowed here: ${g.allowedTriggerTypes.join(', ')}.`,
    );
  }
  if (g.deniedTriggerTypes?.length) {
    lines.push(
      `Trigger types not allowed here: ${g.deniedTriggerTypes.join(', ')}.`,
    );
  }
  if (g.minPollingInterval !== undefined) {
    lines.push(`Polling interval at least ${g.minPollingInterval} s.`);
  }
  if (g.fallbackRequiredFor === 'external' && !isJob) {
    lines.push(
      'Triggers that read an outside source (anything but cpu, memory and cron) need a fallback here.',
    );
  }
  return lines;
}

function ProposalResult({ proposal }: { proposal: ChangeProposal }) {
  const pr = proposal.pullRequest;
  const name = pr?.number !== undefined ? `#${pr.number}` : pr?.branch;
  let text: string;
  if (proposal.status === 'unchanged') {
    text = 'Nothing to change: the pull request already has this.';
  } else if (proposal.status === 'created') {
    text = `Opened pull request ${name ?? ''}.`;
  } else {
    text = `Updated pull request ${name ?? ''}.`;
  }
  return (
    <Alert
      severity={proposal.status === 'unchanged' ? 'info' : 'success'}
      data-testid="proposal-result"
    >
      <div>{text}</div>
      {pr && (
        <Box display="flex" alignItems="center" mt={1} style={{ gap: 8 }}>
          <Link to={pr.url} target="_blank" rel="noopener">
            {pr.title}
          </Link>
          <Chip size="small" label={pr.state} />
        </Box>
      )}
      {proposal.commit && (
        <Typography variant="caption" component="div">
          Commit {proposal.commit.slice(0, 12)} on {proposal.plan.branch}
        </Typography>
      )}
    </Alert>
  );
}

function PreviewResult({
  preview,
  proposed,
}: {
  preview: ChangePreview;
  /** Shown under a proposal's result, which already says when nothing changed. */
  proposed: boolean;
}) {
  const classes = useStyles();
  return (
    <Box className={classes.section} data-testid="preview">
      {preview.problems.length > 0 && (
        <Alert severity="error">
          <div>
            This change cannot be proposed yet:{' '}
            {preview.problems.length === 1
              ? 'one problem'
              : `${preview.problems.length} problems`}
            .
          </div>
          <ul className={classes.list}>
            {preview.problems.map((p, i) => (
              <li key={i}>
                <strong>{fieldLabel(p)}</strong>: {problemLine(p)}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {preview.valid && preview.edits.length === 0 && !proposed && (
        <Alert severity="info">
          Nothing to change: {preview.branch} already holds these settings.
        </Alert>
      )}
      {preview.edits.length > 0 && (
        <>
          <Typography variant="subtitle2" component="h3" gutterBottom>
            Changes to {preview.repository} on branch {preview.branch}
          </Typography>
          <ul className={classes.list}>
            {preview.edits.map(e => (
              <li key={e.path}>
                <span className={classes.mono}>{e.path}</span>
                {e.created ? ' (new)' : ''}: {e.reason}
              </li>
            ))}
          </ul>
          <DiffView diff={preview.diff} />
        </>
      )}
      {preview.notes.length > 0 && (
        <Box mt={2}>
          <Typography variant="subtitle2" component="h3">
            Notes for the reviewer
          </Typography>
          <ul className={classes.list}>
            {preview.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </Box>
      )}
      {preview.secretKeys.length > 0 && (
        <Box mt={2}>
          <Typography variant="subtitle2" component="h3">
            Secret keys the cluster must have before merging
          </Typography>
          <ul className={classes.list}>
            {preview.secretKeys.map(s => (
              <li key={`${s.namespace}/${s.secret}/${s.key}/${s.parameter}`}>
                <span className={classes.mono}>
                  {s.namespace}/{s.secret}
                </span>{' '}
                key <span className={classes.mono}>{s.key}</span> (trigger
                parameter {s.parameter})
              </li>
            ))}
          </ul>
        </Box>
      )}
    </Box>
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
  const { open, onClose, entity, workload, kubernetesId } = props;
  const classes = useStyles();
  const api = useApi(kedaApiRef);
  const isJob = workload.kind === 'ScaledJob';
  const idPrefix = `propose-${workload.namespace}-${workload.name}`;

  const start = useAsync(async (): Promise<Start | undefined> => {
    if (!open) return undefined;
    try {
      const current = await api.getCurrentIntent(entity, {
        name: workload.name,
        kind: workload.kind,
        namespace: workload.namespace,
      });
      return {
        intent: current.intent,
        source: 'git',
        note: `Starting from ${current.source.path} on ${
          current.source.proposalBranch
            ? `the open proposal's branch ${current.source.branch}`
            : current.source.branch
        }.`,
        lost: current.unsupported,
        gitSource: `${current.source.path} on ${current.source.branch}`,
      };
    } catch (error) {
      const live = intentFromWorkload(workload, kubernetesId ?? '');
      return {
        intent: live.intent,
        source: 'live',
        note: isNotFound(error)
          ? 'KEDA Portal found no copy of this object in Git it could read, so the form starts from the live object.'
          : `Reading the settings from Git failed (${
              (error as Error).message
            }), so the form starts from the live object.`,
        lost: live.dropped,
      };
    }
  }, [open, api, entity.kind, entity.namespace, entity.name, workload.name]);

  const guardrails = useAsync(
    async () => (open ? api.getGuardrails(entity) : undefined),
    [open, api, entity.kind, entity.namespace, entity.name],
  );

  const [intent, setIntent] = useState<ScalingIntent>();
  const [pausedAt, setPausedAt] = useState<string>('0');
  const [preview, setPreview] = useState<ChangePreview>();
  const [proposal, setProposal] = useState<ChangeProposal>();
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState<'preview' | 'propose'>();

  useEffect(() => {
    if (start.value) {
      setIntent(start.value.intent);
      setPausedAt(String(start.value.intent.pause?.replicas ?? 0));
      setPreview(undefined);
      setProposal(undefined);
      setError(undefined);
    }
  }, [start.value]);

  /** Any edit makes an earlier preview or result stale. */
  const update = (next: ScalingIntent) => {
    setIntent(next);
    setPreview(undefined);
    setProposal(undefined);
    setError(undefined);
  };

  /** The intent as sent: the entity's own label, never another. */
  const outgoing = useMemo((): ScalingIntent | undefined => {
    if (!intent) return undefined;
    const { kubernetesId: _id, ...rest } = intent;
    const id = kubernetesId || intent.kubernetesId;
    return (id ? { ...rest, kubernetesId: id } : rest) as ScalingIntent;
  }, [intent, kubernetesId]);

  // Quick checks while typing; the preview runs the backend's full set.
  const localProblems = useMemo(
    () =>
      outgoing
        ? [
            ...validateIntent({
              ...outgoing,
              kubernetesId: outgoing.kubernetesId ?? 'x',
            }),
            // The platform's limits, named, before the preview asks.
            ...guardrailProblems(outgoing, guardrails.value),
          ]
        : [],
    [outgoing, guardrails.value],
  );
  const problems: ManifestProblem[] = preview
    ? preview.problems
    : localProblems.filter(p => {
        const field = fieldOf(p);
        return field !== undefined && field !== 'triggers';
      });
  const problemFor = (field: FormField) =>
    problems.filter(p => fieldOf(p) === field);
  const helper = (field: FormField, fallback?: string) => {
    const found = problemFor(field);
    return {
      error: found.length > 0,
      // One line per problem, not glued into one sentence.
      helperText: found.length ? (
        <>
          {found.map(p => (
            <span key={`${p.path}${p.message}`} style={{ display: 'block' }}>
              {problemLine(p)}
            </span>
          ))}
        </>
      ) : (
        fallback
      ),
    };
  };

  const run = async (what: 'preview' | 'propose') => {
    if (!outgoing) return;
    setBusy(what);
    setError(undefined);
    try {
      if (what === 'preview') {
        setPreview(await api.previewChange(entity, outgoing));
        setProposal(undefined);
      } else {
        const result = await api.proposeChange(entity, outgoing);
        setProposal(result);
        setPreview(result.plan);
        props.onProposed?.(result);
      }
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(undefined);
    }
  };

  const g = guardrails.value;
  const hasOpenPr =
    proposal?.pullRequest?.state === 'open' ||
    (preview
      ? preview.openPullRequest !== undefined
      : (props.openPullRequests ?? []).some(pr => pr.state === 'open'));
  // A ScaledJob's job template is not in the live view: proposing from it
  // would write a Job without containers.
  const blocked = isJob && start.value?.source === 'live';
  const localBlocking = !preview && problems.length > 0;
  const mode = intent ? pauseModeOf(intent) : 'running';

  const failure = error ? describeError(error) : undefined;

  // Edits not yet proposed are lost on close: ask first (Escape and a click
  // outside close the dialog too).
  const [confirmClose, setConfirmClose] = useState(false);
  const edited =
    intent !== undefined &&
    start.value !== undefined &&
    JSON.stringify(intent) !== JSON.stringify(start.value.intent) &&
    !(proposal && !busy);
  const requestClose = () => {
    if (edited && busy !== 'propose') setConfirmClose(true);
    else onClose();
  };
  const drift =
    start.value && intent
      ? driftSummary({
          git: start.value.source === 'git' ? start.value.intent : undefined,
          live: start.value.source === 'git' ? workload : undefined,
          gitSource: start.value.gitSource,
        })
      : undefined;
  const replaced = intent
    ? replacedTriggers(workload.triggers, intent.triggers)
    : undefined;

  return (
    <Dialog
      open={open}
      onClose={requestClose}
      maxWidth="md"
      fullWidth
      aria-labelledby="propose-change-title"
    >
      <DialogTitle id="propose-change-title">
        Propose a change to {workload.kind} {workload.name}
      </DialogTitle>
      <DialogContent dividers>
        {start.loading || !intent || !start.value ? (
          <Progress />
        ) : (
          <>
            <Typography variant="body2" color="textSecondary" paragraph>
              The change becomes a pull request to the GitOps repository;
              nothing changes in the cluster until it is reviewed and merged.{' '}
              {start.value.note}
            </Typography>
            <DriftPanel drift={drift} replaced={replaced} />
            {start.value.lost.length > 0 && (
              <Alert severity="warning" style={{ marginBottom: 16 }}>
                {start.value.source === 'git'
                  ? 'These settings in Git cannot be edited here and a proposal would remove them: '
                  : 'Not carried over from the live object (check the diff before proposing): '}
                <span className={classes.mono}>
                  {start.value.lost.join(', ')}
                </span>
                {start.value.source === 'live'
                  ? '. Timings, fallback and HPA behaviour are not shown by the live view either.'
                  : ''}
              </Alert>
            )}
            {start.value.source === 'live' &&
              start.value.lost.length === 0 &&
              !isJob && (
                <Alert severity="warning" style={{ marginBottom: 16 }}>
                  The live view does not show timings, fallback or HPA
                  behaviour, so a proposal made here would not keep them: check
                  the diff before proposing.
                </Alert>
              )}
            {blocked && (
              <Alert severity="error" style={{ marginBottom: 16 }}>
                The job template of this ScaledJob is not part of the live view,
                so a change cannot be proposed from it. Put the ScaledJob's
                manifest into the GitOps folder first.
              </Alert>
            )}
            <Grid container spacing={2}>
              <Grid item xs={12} sm={isJob ? 6 : 4}>
                <TextField
                  id={`${idPrefix}-min`}
                  label={isJob ? 'Minimum jobs' : 'Minimum replicas'}
                  type="number"
                  fullWidth
                  variant="outlined"
                  size="small"
                  inputProps={{ min: 0 }}
                  value={intent.minReplicaCount ?? ''}
                  onChange={e =>
                    update({
                      ...intent,
                      minReplicaCount: parseCount(e.target.value),
                    })
                  }
                  {...helper(
                    'minReplicaCount',
                    g && !g.scaleToZeroAllowed && !isJob
                      ? 'At least 1 here: scaling to zero is not allowed.'
                      : undefined,
                  )}
                />
              </Grid>
              <Grid item xs={12} sm={isJob ? 6 : 4}>
                <TextField
                  id={`${idPrefix}-max`}
                  label={isJob ? 'Maximum jobs at once' : 'Maximum replicas'}
                  type="number"
                  fullWidth
                  variant="outlined"
                  size="small"
                  inputProps={{ min: 1 }}
                  value={intent.maxReplicaCount ?? ''}
                  onChange={e =>
                    update({
                      ...intent,
                      maxReplicaCount: parseCount(e.target.value),
                    })
                  }
                  {...helper(
                    'maxReplicaCount',
                    g?.maxReplicaCount !== undefined
                      ? `Max ${g.maxReplicaCount} allowed here.`
                      : undefined,
                  )}
                />
              </Grid>
              {!isJob && (
                <Grid item xs={12} sm={4}>
                  <TextField
                    id={`${idPrefix}-idle`}
                    label="Idle replicas"
                    type="number"
                    fullWidth
                    variant="outlined"
                    size="small"
                    inputProps={{ min: 0 }}
                    value={intent.idleReplicaCount ?? ''}
                    onChange={e =>
                      update({
                        ...intent,
                        idleReplicaCount: parseCount(e.target.value),
                      })
                    }
                    {...helper(
                      'idleReplicaCount',
                      'Optional: replicas while no trigger is active (usually 0, below the minimum).',
                    )}
                  />
                </Grid>
              )}
              <Grid item xs={12}>
                <FormControl
                  component="fieldset"
                  error={problemFor('pause').length > 0}
                >
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
                    <FormControlLabel
                      value="running"
                      control={<Radio size="small" />}
                      label="Running"
                    />
                    <FormControlLabel
                      value="paused"
                      control={<Radio size="small" />}
                      label={
                        isJob
                          ? 'Paused (no new jobs)'
                          : 'Paused at the current replicas'
                      }
                    />
                    {!isJob && (
                      <Box className={classes.pauseRow}>
                        <FormControlLabel
                          value="pausedAt"
                          control={<Radio size="small" />}
                          label="Paused at"
                        />
                        <TextField
                          type="number"
                          size="small"
                          style={{ width: 90 }}
                          inputProps={{
                            min: 0,
                            'aria-label': 'Replicas while paused',
                          }}
                          value={pausedAt}
                          onChange={e => {
                            setPausedAt(e.target.value);
                            if (mode === 'pausedAt') {
                              update(
                                withPause(
                                  intent,
                                  'pausedAt',
                                  parseCount(e.target.value),
                                ),
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
                    {problemFor('pause').length
                      ? problemFor('pause').map(p => (
                          <span
                            key={`${p.path}${p.message}`}
                            style={{ display: 'block' }}
                          >
                            {problemLine(p)}
                          </span>
                        ))
                      : 'Pausing keeps KEDA from scaling (KEDA pause annotations); resume by choosing Running.'}
                  </FormHelperText>
                </FormControl>
              </Grid>
              <Grid item xs={12}>
                <Typography variant="subtitle2" component="h3" gutterBottom>
                  Triggers
                </Typography>
                <TriggerEditor
                  value={intent.triggers}
                  onChange={triggers => update({ ...intent, triggers })}
                  namespace={intent.namespace}
                  kind={intent.kind}
                  problems={problems.filter(p => fieldOf(p) === 'triggers')}
                  disabled={busy !== undefined}
                />
                {guardrailLines(g, isJob).map(line => (
                  <FormHelperText key={line}>{line}</FormHelperText>
                ))}
              </Grid>
            </Grid>
            {failure && (
              <Alert
                severity="error"
                className={classes.section}
                data-testid="change-error"
              >
                <div>
                  <strong>{failure.title}</strong>
                </div>
                <div>{failure.detail}</div>
              </Alert>
            )}
            {proposal && (
              <Box className={classes.section}>
                <ProposalResult proposal={proposal} />
              </Box>
            )}
            {preview && (
              <PreviewResult
                preview={preview}
                proposed={proposal !== undefined}
              />
            )}
          </>
        )}
      </DialogContent>
      <Dialog
        open={confirmClose}
        onClose={() => setConfirmClose(false)}
        aria-labelledby="discard-edits-title"
      >
        <DialogTitle id="discard-edits-title">Discard your edits?</DialogTitle>
        <DialogContent>
          <Typography variant="body2">
            The changes you made to {workload.name} have not been proposed yet.
            Closing loses them.
          </Typography>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirmClose(false)} color="primary">
            Keep editing
          </Button>
          <Button
            onClick={() => {
              setConfirmClose(false);
              onClose();
            }}
          >
            Discard and close
          </Button>
        </DialogActions>
      </Dialog>
      <DialogActions>
        <Button onClick={requestClose}>Close</Button>
        <Button
          variant="outlined"
          color="primary"
          disabled={!intent || busy !== undefined || blocked}
          onClick={() => run('preview')}
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
          onClick={() => run('propose')}
        >
          {busy === 'propose' && 'Proposing…'}
          {busy !== 'propose' &&
            (hasOpenPr ? 'Update pull request' : 'Open pull request')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
