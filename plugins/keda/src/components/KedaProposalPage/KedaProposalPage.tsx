import {
  Content,
  EmptyState,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { kedaApiRef } from '../../api';
import { DiffView } from '../ProposeChange/DiffView';

/**
 * A proposal on a plain Git remote, which has no pull-request page of its
 * own: the branch's commits and diff against its base branch. The plain Git
 * provider's pull-request links lead here (`/keda/changes?repo=&branch=`).
 */
export function KedaProposalPage() {
  const [params] = useSearchParams();
  const repo = params.get('repo') ?? '';
  const branch = params.get('branch') ?? '';
  const kedaApi = useApi(kedaApiRef);

  const { value, loading, error } = useAsync(async () => {
    if (!repo || !branch) return undefined;
    return kedaApi.getProposalDiff(repo, branch);
  }, [repo, branch, kedaApi]);

  return (
    <Page themeId="tool">
      <Header
        title={value?.title || 'Proposed change'}
        subtitle={branch ? `Branch ${branch}` : undefined}
      />
      <Content>
        {(!repo || !branch) && (
          <EmptyState
            missing="field"
            title="Which proposal?"
            description="This page shows a proposal branch of a plain Git GitOps repository: open it from a proposal's link, or give ?repo=<repository URL>&branch=<proposal branch>."
          />
        )}
        {loading && <Progress />}
        {error && <ResponseErrorPanel error={error} />}
        {value && (
          <Box data-testid="proposal">
            <Typography variant="body1" paragraph>
              {value.commits.length === 1
                ? '1 commit'
                : `${value.commits.length} commits`}{' '}
              on <code>{value.branch}</code> against{' '}
              <code>{value.baseBranch}</code> of {value.repoUrl}, for{' '}
              <EntityRefLink entityRef={value.entityRef} />. This repository is
              a plain Git remote: review and merge the branch with your Git
              tools.
            </Typography>
            <Box component="ul" mb={2} data-testid="proposal-commits">
              {value.commits.map(c => (
                <li key={c.sha}>
                  <code>{c.sha.slice(0, 10)}</code> {c.subject}{' '}
                  <Typography variant="caption" color="textSecondary">
                    ({c.author}, {new Date(c.date).toLocaleString()})
                  </Typography>
                </li>
              ))}
            </Box>
            {value.diff ? (
              <DiffView diff={value.diff} />
            ) : (
              <Typography>
                The branch changes nothing against {value.baseBranch} (merged
                already?).
              </Typography>
            )}
          </Box>
        )}
      </Content>
    </Page>
  );
}
