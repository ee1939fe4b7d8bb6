import { PageBlueprint } from '@backstage/frontend-plugin-api';

/**
 * `/keda/changes?repo=&branch=`: a proposal branch of a plain Git GitOps
 * repository (its commits and diff), where the plain Git provider's
 * pull-request links lead.
 */
export const kedaProposalPage = PageBlueprint.make({
  name: 'proposal',
  params: {
    path: '/keda/changes',
    noHeader: true,
    loader: () =>
      import('../components/KedaProposalPage').then(m => (
        <m.KedaProposalPage />
      )),
  },
});
