export interface Config {
  /**
   * The same cluster configuration that Backstage's Kubernetes plugin reads.
   * KEDA Portal reads the clusters from here so both plugins see one list.
   */
  kubernetes?: {
    clusterLocatorMethods?: Array<
      | {
          type: 'config';
          clusters: Array<{
            /** Name shown in the UI and used by `backstage.io/kubernetes-cluster`. */
            name: string;
            /** API server URL. */
            url: string;
            /** Credentials kind; KEDA Portal supports `serviceAccount`. */
            authProvider: string;
            /**
             * Bearer token of a read-only service account.
             * @visibility secret
             */
            serviceAccountToken?: string;
            /** Skip TLS verification of the API server (test clusters only). */
            skipTLSVerify?: boolean;
            /**
             * Base64 PEM of the API server's CA.
             * @visibility secret
             */
            caData?: string;
            /** Path to a PEM file with the API server's CA. */
            caFile?: string;
          }>;
        }
      | { type: 'localKubectlProxy' }
      | { type: string }
    >;
  };

  keda?: {
    /**
     * Used only when `kubernetes.clusterLocatorMethods` yields no cluster: read the
     * current context of this kubeconfig (default: $KUBECONFIG, then
     * ~/.kube/config). Set to false to disable the fallback.
     */
    kubeconfig?: string | false;
  };
}
