export { AutoscalingContent } from './AutoscalingContent';
