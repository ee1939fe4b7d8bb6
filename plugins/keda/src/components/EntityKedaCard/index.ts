export { EntityKedaCard } from './EntityKedaCard';
