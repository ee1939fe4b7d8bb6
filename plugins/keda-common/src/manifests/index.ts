/**
 * The manifest builder, its inverse and its validation: scaling intents
 * rendered as KEDA manifests and YAML, manifests read back into intents, and
 * checks that name the field and the fix.
 */
export type {
  HpaScalingPolicyIntent,
  HpaScalingRulesIntent,
  JobContainerIntent,
  JobTemplateIntent,
  KedaManifest,
  ManifestProblem,
  PodIdentityIntent,
  ScaleTargetIntent,
  ScalingIntent,
  ScalingKind,
  SecretRefIntent,
  TriggerAuthenticationIntent,
  TriggerIntent,
} from './types';
export {
  buildManifests,
  buildScaledResource,
  KEDA_API_VERSION,
  PAUSED_ANNOTATION,
  PAUSED_REPLICAS_ANNOTATION,
} from './build';
export { renderManifestsYaml, parseManifestsYaml } from './yaml';
export { validateIntent, validateManifests } from './validate';
export {
  findScaledResource,
  intentFromManifests,
  readIntentFromManifests,
} from './parse';
export type { IntentLookupOptions, ParsedIntent } from './parse';
export { intentShapeProblems } from './shape';
export type { ValidationOptions } from './validate';
export {
  createCrdSchemaValidator,
  loadCrdSchemaValidator,
  schemaProblemsFromErrors,
} from './schema';
export type {
  AjvError,
  CrdSchemaValidator,
  KedaModelClasses,
  ModelClass,
  SchemaProblem,
} from './schema';
export { parseFormula, FORMULA_FUNCTIONS } from './formula';
export type { FormulaParseResult } from './formula';
export { cronExpressionError, timeZoneError } from './cron';
export {
  dns1123LabelError,
  dns1123SubdomainError,
  labelValueError,
  qualifiedNameError,
} from './names';
export { compactTriggers } from './compact';
