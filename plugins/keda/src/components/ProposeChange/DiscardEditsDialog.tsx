import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';

/**
 * Closing with edits not yet proposed loses them: ask first (Escape and a
 * click outside close the dialog too). `requestClose` closes at once when
 * nothing would be lost, or while a proposal is being sent.
 */
export function useDiscardConfirmation(options: {
  edited: boolean;
  proposing: boolean;
  onClose(): void;
}) {
  const [confirming, setConfirming] = useState(false);
  return {
    confirming,
    requestClose: () => {
      if (options.edited && !options.proposing) setConfirming(true);
      else options.onClose();
    },
    keepEditing: () => setConfirming(false),
    discard: () => {
      setConfirming(false);
      options.onClose();
    },
  };
}

/** The "Discard your edits?" question. */
export function DiscardEditsDialog(props: {
  workloadName: string;
  confirmation: ReturnType<typeof useDiscardConfirmation>;
}) {
  const { confirming, keepEditing, discard } = props.confirmation;
  return (
    <Dialog
      open={confirming}
      onClose={keepEditing}
      aria-labelledby="discard-edits-title"
    >
      <DialogTitle id="discard-edits-title">Discard your edits?</DialogTitle>
      <DialogContent>
        <Typography variant="body2">
          The changes you made to {props.workloadName} have not been proposed
          yet. Closing loses them.
        </Typography>
      </DialogContent>
      <DialogActions>
        <Button onClick={keepEditing} color="primary">
          Keep editing
        </Button>
        <Button onClick={discard}>Discard and close</Button>
      </DialogActions>
    </Dialog>
  );
}
