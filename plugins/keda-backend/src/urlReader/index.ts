import { createServiceFactory } from '@backstage/backend-plugin-api';
import { urlReaderFactoriesServiceRef } from '@backstage/backend-defaults/urlReader';
import { GitRemoteUrlReader } from './GitRemoteUrlReader';

/**
 * Lets Backstage's URL reader (and so the catalog) read files of GitOps
 * repositories listed under `keda.gitops.repositories` with a plain Git
 * `remote`, such as `catalog-info.yaml` of a worker the scaffolder proposed.
 * Add it to the backend with `backend.add(kedaGitopsUrlReaderServiceFactory)`.
 *
 * @public
 */
export const kedaGitopsUrlReaderServiceFactory = createServiceFactory({
  service: urlReaderFactoriesServiceRef,
  deps: {},
  async factory() {
    return GitRemoteUrlReader.factory;
  },
});
