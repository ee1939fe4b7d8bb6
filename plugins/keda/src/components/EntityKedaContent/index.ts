export { EntityKedaContent } from './EntityKedaContent';
export { useEntityScaling, scalingChannel } from './useEntityScaling';
