export { ProposeChangeDialog } from './ProposeChangeDialog';
export type { ProposeChangeDialogProps } from './ProposeChangeDialog';
export { ProposeChangeButton } from './ProposeChangeButton';
