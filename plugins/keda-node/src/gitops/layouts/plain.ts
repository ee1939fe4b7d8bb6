/**
 * The `plain` layout: a folder of manifests that a GitOps tool applies as
 * they are. KEDA manifests go to files of their own in the folder.
 */
import type { LayoutEditor } from '../types';
import { placeManifests, targetFolder } from './manifests';
import { argoDestination, releaseReplicas } from './replicas';
import { Workspace } from './workspace';

export const plainLayout: LayoutEditor = input => {
  const folder = targetFolder(input);
  const ws = new Workspace(input.files);
  const notes: string[] = [];
  placeManifests(
    ws,
    input,
    {
      folder,
      newFileFolder: folder,
      deploysTo: argoDestination(ws, input),
    },
    notes,
  );
  releaseReplicas(ws, input, notes);
  return { edits: ws.edits(), notes };
};
