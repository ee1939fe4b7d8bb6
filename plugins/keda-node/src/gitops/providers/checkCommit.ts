/**
 * The checks every Git provider makes before it writes a commit, so an
 * engine bug can never turn a compare-and-swap into an overwrite.
 */
import { InputError } from '@backstage/errors';
import type { CommitRequest } from '../types';

/** Throws InputError for a commit without files, or one not on the expected tip. */
export function checkCommitRequest(request: CommitRequest) {
  const { branch, parent, expectedTip } = request;
  if (request.files.length === 0) {
    throw new InputError(`Nothing to commit to ${branch}: no files changed`);
  }
  if (expectedTip !== undefined && parent !== expectedTip) {
    // The compare-and-swap only protects `expectedTip` when the new commit
    // sits right on top of it.
    throw new InputError(
      `Cannot commit to ${branch}: the parent ${parent} is not the expected tip ${expectedTip}`,
    );
  }
}
