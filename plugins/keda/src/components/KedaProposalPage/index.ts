export { ProposalPage } from './ProposalPage';
