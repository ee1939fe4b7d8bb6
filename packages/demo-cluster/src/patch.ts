import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';

/** Options for a JSON merge patch. */
export const MERGE = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
