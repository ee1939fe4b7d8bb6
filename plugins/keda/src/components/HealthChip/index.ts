export { HealthChip, healthLabel } from './HealthChip';
