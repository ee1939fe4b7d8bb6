/**
 * KEDA domain for KEDA Portal: annotations, permissions and API shapes shared
 * by the backend and the frontend. Isomorphic: no I/O, no React.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './permissions';
export * from './api';
export * from './manifests';
export * from './scalers';
export * from './status';
