import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { KubeConfig } from '@kubernetes/client-node';
import type { ClusterSource } from '@keda-portal/plugin-keda-common';

/**
 * A cluster the suite reads, with what is needed to connect to it.
 *
 * @public
 */
export interface KedaClusterDetails {
  name: string;
  url: string;
  source: ClusterSource;
  authProvider: string;
  /** Never leaves the backend. */
  serviceAccountToken?: string;
  skipTLSVerify: boolean;
  caData?: string;
  caFile?: string;
}

/** kubectl proxy's default address, as Backstage's Kubernetes plugin uses it. */
const LOCAL_KUBECTL_PROXY_URL = 'http://127.0.0.1:8001';

/**
 * Reads the clusters from `kubernetes.clusterLocatorMethods`, the same keys
 * Backstage's Kubernetes plugin reads. When they yield no cluster, falls back
 * to the current context of the local kubeconfig (`keda.kubeconfig`,
 * `$KUBECONFIG`, `~/.kube/config`) so a developer's laptop just works.
 *
 * @public
 */
export function readClusters(
  config: Config,
  env: { KUBECONFIG?: string; HOME?: string } = process.env,
): KedaClusterDetails[] {
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  const clusters: KedaClusterDetails[] = [];

  for (const method of methods) {
    const type = method.getString('type');
    if (type === 'config') {
      for (const c of method.getOptionalConfigArray('clusters') ?? []) {
        clusters.push({
          name: c.getString('name'),
          url: c.getString('url'),
          source: 'config',
          authProvider: c.getString('authProvider'),
          serviceAccountToken: c.getOptionalString('serviceAccountToken'),
          skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
          caData: c.getOptionalString('caData'),
          caFile: c.getOptionalString('caFile'),
        });
      }
    } else if (type === 'localKubectlProxy') {
      clusters.push({
        name: 'local',
        url: LOCAL_KUBECTL_PROXY_URL,
        source: 'localKubectlProxy',
        authProvider: 'localKubectlProxy',
        skipTLSVerify: false,
      });
    }
    // Other locator types (catalog, gke, ...) are Backstage's Kubernetes
    // plugin's business; they are ignored here rather than failing start-up.
  }

  const seen = new Set<string>();
  for (const c of clusters) {
    if (seen.has(c.name)) {
      throw new InputError(
        `kubernetes.clusterLocatorMethods: cluster name '${c.name}' is used twice; give each cluster a unique name`,
      );
    }
    seen.add(c.name);
  }

  if (clusters.length > 0) {
    return clusters;
  }
  const fromKubeconfig = readCurrentContext(config, env);
  return fromKubeconfig ? [fromKubeconfig] : [];
}

function readCurrentContext(
  config: Config,
  env: { KUBECONFIG?: string; HOME?: string },
): KedaClusterDetails | undefined {
  const setting = config.getOptional<string | boolean>('keda.kubeconfig');
  if (setting === false) {
    return undefined;
  }
  const kc = new KubeConfig();
  try {
    if (typeof setting === 'string') {
      kc.loadFromFile(setting);
    } else if (env.KUBECONFIG) {
      kc.loadFromFile(env.KUBECONFIG.split(':')[0]);
    } else if (env.HOME) {
      kc.loadFromFile(`${env.HOME}/.kube/config`);
    } else {
      return undefined;
    }
  } catch {
    // No kubeconfig on this machine: no default cluster.
    return undefined;
  }
  const context = kc.getContextObject(kc.getCurrentContext());
  const cluster = kc.getCurrentCluster();
  if (!context || !cluster) {
    return undefined;
  }
  const user = kc.getCurrentUser();
  return {
    name: context.name,
    url: cluster.server,
    source: 'kubeconfig',
    authProvider: user?.token ? 'serviceAccount' : 'kubeconfig',
    serviceAccountToken: user?.token,
    skipTLSVerify: cluster.skipTLSVerify ?? false,
    caData: cluster.caData,
    caFile: cluster.caFile,
  };
}
