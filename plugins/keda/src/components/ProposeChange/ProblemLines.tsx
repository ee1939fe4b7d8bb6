import type { ManifestProblem } from '@keda-portal/plugin-keda-common';
import { ProblemTexts } from '../TriggerEditor/ProblemTexts';
import { problemLine } from './intent';

/** One line per problem, not glued into one sentence. */
export function ProblemLines({ problems }: { problems: ManifestProblem[] }) {
  return <ProblemTexts texts={problems.map(problemLine)} />;
}
