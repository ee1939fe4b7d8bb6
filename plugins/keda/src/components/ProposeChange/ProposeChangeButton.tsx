import Button from '@material-ui/core/Button';
import EditIcon from '@material-ui/icons/Edit';
import { useState } from 'react';
import {
  ProposeChangeDialog,
  ProposeChangeDialogProps,
} from './ProposeChangeDialog';

/**
 * The "Propose change" button of a workload panel; opens
 * {@link ProposeChangeDialog}, fresh each time.
 *
 * @public
 */
export function ProposeChangeButton(
  props: Omit<ProposeChangeDialogProps, 'open' | 'onClose'>,
) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        size="small"
        variant="outlined"
        color="primary"
        startIcon={<EditIcon fontSize="small" />}
        onClick={() => setOpen(true)}
        aria-label={`Propose change to ${props.workload.name}`}
      >
        Propose change
      </Button>
      {open && (
        <ProposeChangeDialog
          {...props}
          open={open}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}
