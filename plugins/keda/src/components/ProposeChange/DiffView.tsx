import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  diff: {
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    lineHeight: 1.45,
    margin: 0,
    padding: theme.spacing(1, 0),
    overflowX: 'auto',
    maxHeight: 420,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    background: theme.palette.background.default,
  },
  line: { display: 'block', padding: theme.spacing(0, 1), whiteSpace: 'pre' },
  added: {
    color: theme.palette.type === 'dark' ? '#aff5b4' : '#116329',
    background: theme.palette.type === 'dark' ? '#033a16' : '#dafbe1',
  },
  removed: {
    color: theme.palette.type === 'dark' ? '#ffdcd7' : '#82071e',
    background: theme.palette.type === 'dark' ? '#67060c' : '#ffebe9',
  },
  hunk: { color: theme.palette.info.main },
  file: { fontWeight: 600 },
}));

function changeOf(line: string): 'added' | 'removed' | undefined {
  if (line.startsWith('+++') || line.startsWith('---')) return undefined;
  if (line.startsWith('+')) return 'added';
  if (line.startsWith('-')) return 'removed';
  return undefined;
}

/** A unified diff, one line per row, additions green and removals red. */
export function DiffView({ diff }: { diff: string }) {
  const classes = useStyles();
  const lines = diff.replace(/\n$/, '').split('\n');
  const classOf = (line: string) => {
    if (line.startsWith('+++') || line.startsWith('---')) return classes.file;
    if (line.startsWith('+')) return classes.added;
    if (line.startsWith('-')) return classes.removed;
    if (line.startsWith('@@')) return classes.hunk;
    if (line.startsWith('Index:')) return classes.file;
    return '';
  };
  return (
    <pre className={classes.diff} data-testid="diff" aria-label="Diff">
      {lines.map((line, i) => (
        <code
          key={i}
          className={`${classes.line} ${classOf(line)}`}
          data-change={changeOf(line)}
        >
          {line || ' '}
        </code>
      ))}
    </pre>
  );
}
