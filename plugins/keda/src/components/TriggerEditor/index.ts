export { TriggerEditor } from './TriggerEditor';
export type { TriggerEditorProps } from './TriggerEditor';
export {
  describeProblem,
  locateProblems,
  previewIntent,
  problemText,
  validateTriggers,
} from './problems';
export type { LocatedProblem, TriggerValidationOptions } from './problems';
