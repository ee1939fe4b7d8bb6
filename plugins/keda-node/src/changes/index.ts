export * from './KedaChangeService';
export * from './DefaultKedaChangeService';
export * from './changeService';
export * from './entityAccess';
export { problemsError } from './intent';
