/**
 * The status model: raw ScaledObject/ScaledJob, HPA, scale target, Job and
 * Event objects turned into a view model for the UI.
 */
export { checkAdmissionRules } from './admissionRules';
export {
  HPA_OWNERSHIP_VALIDATION_ANNOTATION,
  TRANSFER_HPA_OWNERSHIP_ANNOTATION,
} from './admissionTypes';
export type {
  AdmissionCheck,
  AdmissionHpaLike,
  AdmissionSnapshot,
  AdmissionWorkloadLike,
  LimitRangeLike,
  ResourceRequirementsLike,
} from './admissionTypes';
export { buildScalingStatus } from './buildScalingStatus';
export {
  defaultHpaName,
  hpaNameFromSpec,
  hpaNameOf,
  isEventAbout,
  KEDA_OPERATOR,
  MANAGED_BY_LABEL,
  scaleTargetKind,
} from './clusterRules';
export { collectKedaEvents, isKedaEvent, normalizeEvent } from './events';
export { formatClock } from './format';
export {
  buildCompositeMetric,
  buildTriggerStatuses,
  metricTriggerIndex,
  readMetricCurrent,
  readMetricTarget,
  triggerMetadataTarget,
} from './metrics';
export { formatNumber, parseQuantity } from './quantity';
export { formatReading } from './readings';
export {
  explainCondition,
  explainHpaReason,
  knownConditionReasons,
} from './reasons';
export type {
  CompositeMetricView,
  HpaLike,
  HpaMetricLike,
  HpaMetricTargetLike,
  HpaMetricValueLike,
  JobCountsView,
  JobLike,
  KedaEventView,
  KedaTriggerHealthLike,
  KedaTriggerLike,
  KubeConditionLike,
  KubeEventLike,
  MetricReading,
  ObjectMetaLike,
  PauseView,
  ReplicaStatusView,
  ScaleTargetLike,
  ScaledJobLike,
  ScaledObjectLike,
  ScalingConditionType,
  ScalingConditionView,
  ScalingHealth,
  ScalingHealthReason,
  ScalingHealthReasonCode,
  ScalingStatus,
  ScalingStatusInput,
  TriggerStatusView,
} from './types';
