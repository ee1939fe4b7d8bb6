/**
 * Validation of KEDA manifests before they go to Git: the CRD schema, the
 * admission-webhook rules KEDA applies without looking at the cluster, the
 * scaler catalog (types, parameters, secrets), Kubernetes naming rules,
 * `scalingModifiers` formulas and cron triggers. Every problem names a field
 * path and says how to fix it.
 *
 * One file per kind: scaledObject.ts, scaledJob.ts, triggers.ts (with
 * triggerMetadata.ts for the scaler catalog) and authentication.ts; the
 * shared metadata rules in metadata.ts, the reporting in checker.ts.
 */
export { validateManifests, type ValidationOptions } from './manifests';
export { validateIntent } from './intent';
