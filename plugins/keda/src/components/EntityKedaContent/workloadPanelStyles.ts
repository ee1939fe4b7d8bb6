import { makeStyles } from '@material-ui/core/styles';

/** The workload panel's one style sheet. */
export const useStyles = makeStyles(theme => ({
  diagnosis: { marginTop: theme.spacing(1) },
  number: { fontSize: '1.6rem', fontWeight: 600, lineHeight: 1.2 },
  label: {
    color: theme.palette.text.secondary,
    fontSize: '0.75rem',
    textTransform: 'uppercase',
  },
  bar: {
    height: 8,
    borderRadius: 4,
    minWidth: 120,
    marginTop: 2,
    overflow: 'hidden',
    backgroundColor: theme.palette.action.hover,
  },
  barFill: { height: '100%', backgroundColor: theme.palette.primary.main },
  barOver: { backgroundColor: theme.palette.secondary.main },
  mono: { fontFamily: 'monospace', fontSize: '0.8rem' },
  // Plain elements with one style sheet: Box and Grid compute styles per
  // instance, which adds up over fifty panels.
  row: { display: 'flex', alignItems: 'center', gap: 12 },
  replicas: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: 24,
    margin: theme.spacing(2, 0),
  },
  // Conditions and events side by side only where both fit (a wide
  // screen); stacked otherwise. Their tables wrap and, failing that,
  // scroll inside their own column, never over the neighbour.
  sections: {
    display: 'grid',
    gap: theme.spacing(2),
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 600px), 1fr))',
    '& > *': { minWidth: 0 },
  },
  param: { paddingLeft: '1em', textIndent: '-1em' },
  wide: { gridColumn: '1 / -1' },
}));

export type PanelClasses = ReturnType<typeof useStyles>;
