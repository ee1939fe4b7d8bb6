export { EntityScalingContent } from './EntityScalingContent';
export { useEntityScaling, scalingChannel } from './useEntityScaling';
