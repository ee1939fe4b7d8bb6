import { makeStyles } from '@material-ui/core/styles';

/** The dialog's own styles, shared by its sections. */
export const useStyles = makeStyles(theme => ({
  section: { marginTop: theme.spacing(3) },
  mono: { fontFamily: 'monospace', fontSize: '0.8rem' },
  list: { margin: theme.spacing(0.5, 0), paddingLeft: theme.spacing(3) },
  pauseRow: { display: 'flex', alignItems: 'center', flexWrap: 'wrap' },
}));
