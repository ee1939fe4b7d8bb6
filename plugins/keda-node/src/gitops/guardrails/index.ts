/**
 * Guardrails of the GitOps engine: limits a platform team sets under
 * `keda.guardrails` in app-config. Every proposed scaling change is checked
 * against them before anything is written to Git, and the form asks
 * `describeGuardrails` which limits apply to the entity at hand.
 *
 * Every rule is off until it is configured.
 */
export { readGuardrails } from './readGuardrails';
export { describeGuardrails } from './effective';
export { checkGuardrails } from './checkGuardrails';
export { isExternalTriggerType } from './triggerTypes';
export type {
  EffectiveGuardrails,
  GuardrailContext,
  GuardrailReplicaLimit,
  GuardrailRules,
  GuardrailScaleToZero,
  GuardrailTriggerTypes,
} from './types';
