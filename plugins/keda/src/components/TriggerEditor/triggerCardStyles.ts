import { makeStyles } from '@material-ui/core/styles';

/** Styles of a trigger card and its sections. */
export const useTriggerCardStyles = makeStyles(theme => ({
  card: { padding: theme.spacing(2), marginBottom: theme.spacing(2) },
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  grow: { flex: 1, minWidth: 0 },
  twoColumns: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))',
    columnGap: theme.spacing(2),
  },
}));
