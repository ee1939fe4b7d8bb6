export type {
  KedaChangeCaller,
  KedaChangeRequest,
  KedaChangeService,
  KedaNewComponentRequest,
  KedaProposeOptions,
} from './KedaChangeService';
export { DefaultKedaChangeService } from './DefaultKedaChangeService';
export type { DefaultKedaChangeServiceOptions } from './DefaultKedaChangeService';
export { kedaChangeServiceRef } from './changeService';
export { authorizedEntity } from './entityAccess';
export type { EntityAccessDeps } from './entityAccess';
export { problemsError } from './intent';
