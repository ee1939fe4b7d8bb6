import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { KedaClient, kedaApiRef } from '../api';

export const kedaApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: kedaApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new KedaClient(deps),
    }),
});
