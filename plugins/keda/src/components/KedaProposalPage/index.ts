export { KedaProposalPage } from './KedaProposalPage';
