export { DenseTable } from './DenseTable';
export type { DenseColumn } from './DenseTable';
