/**
 * Layout editors: pure functions that turn KEDA manifests into minimal,
 * comment-preserving edits of the files in a GitOps folder.
 */
import type { GitopsLayout, LayoutEditor } from '../types';
import { helmValuesLayout } from './helmValues';
import { kustomizeLayout } from './kustomize';
import { plainLayout } from './plain';

/** The editor of each layout. */
export const layoutEditors: Record<GitopsLayout, LayoutEditor> = {
  kustomize: kustomizeLayout,
  'helm-values': helmValuesLayout,
  plain: plainLayout,
};

export { helmValuesLayout, kedaValues } from './helmValues';
export {
  kustomizeBases,
  kustomizeLayout,
  KUSTOMIZATION_FILES,
} from './kustomize';
export { plainLayout } from './plain';
export { findArgoApplications, withIgnoredReplicas } from './replicas';
export { checkDocuments, editYamlDocument } from './yamlEdit';
export { detectStyle, renderYamlBlock } from './yamlRender';
export type { YamlStyle } from './yamlRender';
export { deepEqual } from './yamlValues';
