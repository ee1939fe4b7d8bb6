import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';

/** One column of a {@link DenseTable}: a heading and how to show a row. */
export interface DenseColumn<T> {
  title: string;
  render: (row: T) => ReactNode;
  /** Keep the cell on one line (short values such as a trigger type). */
  nowrap?: boolean;
}

/**
 * A plain, dense Material UI table. The tab shows three small tables per
 * workload; core-components' Table (material-table) costs tens of
 * milliseconds each to mount, which is too much for fifty workloads, and
 * these tables need neither its paging nor search nor sorting.
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
  return (
    <div>
      <Typography variant="subtitle2" component="h3" gutterBottom>
        {title}
      </Typography>
      <Table size="small" aria-label={title}>
        <TableHead>
          <TableRow>
            {columns.map(c => (
              <TableCell key={c.title} style={{ whiteSpace: 'nowrap' }}>
                {c.title}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.length === 0 ? (
            <TableRow>
              <TableCell colSpan={columns.length}>{empty ?? 'None.'}</TableCell>
            </TableRow>
          ) : (
            rows.map((row, i) => (
              <TableRow key={rowKey(row, i)}>
                {columns.map(c => (
                  <TableCell
                    key={c.title}
                    style={c.nowrap ? { whiteSpace: 'nowrap' } : undefined}
                  >
                    {c.render(row)}
                  </TableCell>
                ))}
              </TableRow>
            ))
          )}
        </TableBody>
      </Table>
    </div>
  );
}
