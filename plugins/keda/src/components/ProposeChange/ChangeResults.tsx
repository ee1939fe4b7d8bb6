import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import type { ChangePreview, ChangeProposal } from '../../api';
import { DiffView } from './DiffView';
import { describeError, fieldLabel, problemLine } from './intent';
import { useStyles } from './styles';

/** A failed preview or proposal, in plain words. */
export function ChangeFailure({ error }: { error: Error }) {
  const classes = useStyles();
  const failure = describeError(error);
  return (
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
  );
}

/** The pull request a proposal opened or updated. */
export function ProposalResult({ proposal }: { proposal: ChangeProposal }) {
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

/** What the change would write, and what stops it. */
export function PreviewResult({
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
