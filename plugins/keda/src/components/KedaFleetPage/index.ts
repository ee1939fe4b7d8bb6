export { KedaFleetPage } from './KedaFleetPage';
