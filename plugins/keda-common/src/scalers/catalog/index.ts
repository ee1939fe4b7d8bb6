import type { ScalerDefinition } from '../types';
import { appScalers } from './apps';
import { awsScalers } from './cloud-aws';
import { azureScalers } from './cloud-azure';
import { gcpScalers } from './cloud-gcp';
import { databaseScalers } from './databases';
import { applyKedaFacts } from './kedaFacts';
import { kedaFacts } from './kedaFacts.generated';
import { messagingScalers } from './messaging';
import { metricsScalers } from './metrics';
import { redisScalers } from './redis';

/**
 * The hand-written entries (descriptions, form controls, groups), before
 * KEDA's facts are applied; sorted by type. Kept for the change report.
 */
export const handWrittenScalers: ScalerDefinition[] = [
  ...appScalers,
  ...awsScalers,
  ...azureScalers,
  ...gcpScalers,
  ...databaseScalers,
  ...messagingScalers,
  ...metricsScalers,
  ...redisScalers,
].sort((a, b) => a.type.localeCompare(b.type));

/** Every trigger type, with what KEDA's source reads applied. */
export const allScalers: ScalerDefinition[] = handWrittenScalers.map(
  definition => applyKedaFacts(definition, kedaFacts),
);
