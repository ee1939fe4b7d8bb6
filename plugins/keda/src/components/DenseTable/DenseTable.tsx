import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';

/** One column of a {@link DenseTable}: a heading and how to show a row. */
export interface DenseColumn<T> {
  title: string;
  render: (row: T) => ReactNode;
  /** Keep the cell on one line (short values such as a trigger type). */
  nowrap?: boolean;
  /**
   * Free text (messages, explanations): a token too long for the column
   * breaks anywhere rather than push the table past its container.
   */
  prose?: boolean;
}

const useStyles = makeStyles(theme => ({
  // The table never draws outside its container: in the worst case (a
  // token nothing can break) it scrolls inside it.
  scroll: { overflowX: 'auto', maxWidth: '100%' },
  table: {
    width: '100%',
    borderCollapse: 'collapse',
    fontSize: theme.typography.body2.fontSize,
    lineHeight: theme.typography.body2.lineHeight,
    color: theme.palette.text.primary,
    '& th, & td': {
      padding: theme.spacing(0.75, 1.5),
      borderBottom: `1px solid ${theme.palette.divider}`,
      textAlign: 'left',
      verticalAlign: 'top',
      // Break a word only when it cannot fit on a line of its own.
      overflowWrap: 'break-word',
    },
    '& th': {
      whiteSpace: 'nowrap',
      fontWeight: theme.typography.fontWeightMedium as number,
      color: theme.palette.text.secondary,
    },
  },
  nowrap: { whiteSpace: 'nowrap' },
  prose: { overflowWrap: 'anywhere' },
}));

/**
 * A plain, dense table in the theme's colours. The tab shows three small
 * tables per workload; core-components' Table (material-table), and even
 * Material UI's TableCell with its per-cell styles, cost too much for fifty
 * workloads, and these tables need neither paging nor search nor sorting.
 */
export function DenseTable<T>({
  title,
  columns,
  rows,
  rowKey,
  empty,
}: {
  title: string;
  columns: DenseColumn<T>[];
  rows: T[];
  rowKey: (row: T, index: number) => string;
  empty?: ReactNode;
}) {
  const classes = useStyles();
  return (
    <div>
      <Typography variant="subtitle2" component="h3" gutterBottom>
        {title}
      </Typography>
      <div className={classes.scroll}>
        <table className={classes.table} aria-label={title}>
          <thead>
            <tr>
              {columns.map(c => (
                <th key={c.title} scope="col">
                  {c.title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={columns.length}>{empty ?? 'None.'}</td>
              </tr>
            ) : (
              rows.map((row, i) => (
                <tr key={rowKey(row, i)}>
                  {columns.map(c => (
                    <td
                      key={c.title}
                      className={
                        (c.nowrap && classes.nowrap) ||
                        (c.prose && classes.prose) ||
                        undefined
                      }
                    >
                      {c.render(row)}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
