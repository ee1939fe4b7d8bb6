import type { ScalerDefinition } from '../types';
import { appScalers } from './apps';
import { awsScalers } from './cloud-aws';
import { azureScalers } from './cloud-azure';
import { gcpScalers } from './cloud-gcp';
import { databaseScalers } from './databases';
import { messagingScalers } from './messaging';
import { metricsScalers } from './metrics';
import { redisScalers } from './redis';

/** Every trigger type, grouped by the files above, sorted by type. */
export const allScalers: ScalerDefinition[] = [
  ...appScalers,
  ...awsScalers,
  ...azureScalers,
  ...gcpScalers,
  ...databaseScalers,
  ...messagingScalers,
  ...metricsScalers,
  ...redisScalers,
].sort((a, b) => a.type.localeCompare(b.type));
