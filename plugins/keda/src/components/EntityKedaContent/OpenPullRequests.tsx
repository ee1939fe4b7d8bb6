import { Link } from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import type { ChangePullRequest } from '../../api';
import { DenseColumn, DenseTable } from '../DenseTable';

const columns: DenseColumn<ChangePullRequest>[] = [
  {
    title: 'Pull request',
    render: pr => (
      <Link to={pr.url} target="_blank" rel="noopener">
        {pr.number !== undefined ? `#${pr.number} ` : ''}
        {pr.title}
      </Link>
    ),
  },
  { title: 'Branch', render: pr => <code>{pr.branch}</code> },
  {
    title: 'State',
    render: pr => (
      <Chip
        size="small"
        label={pr.state}
        color={pr.state === 'open' ? 'primary' : 'default'}
      />
    ),
  },
];

/** The entity's proposed scaling changes; nothing when there are none. */
export function OpenPullRequests({
  pullRequests,
}: {
  pullRequests: ChangePullRequest[];
}) {
  if (!pullRequests.length) return null;
  return (
    <DenseTable
      title="Proposed scaling changes"
      columns={columns}
      rows={pullRequests}
      rowKey={pr => pr.url}
    />
  );
}
