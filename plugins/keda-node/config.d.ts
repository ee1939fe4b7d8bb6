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

    /**
     * Where and how scaling changes are proposed. Entity annotations
     * (`keda-portal.io/gitops-repo`, `-path`, `-layout`, `-branch`,
     * `-environment`, `-values-file`) take precedence over these defaults.
     */
    gitops?: {
      /** Default GitOps repository URL. */
      repo?: string;
      /** Default folder; `{name}` is replaced by the entity's name. */
      path?: string;
      /** Default layout of the folder. */
      layout?: 'kustomize' | 'helm-values' | 'plain';
      /** Branch pull requests target; the repository's default branch when absent. */
      baseBranch?: string;
      /** Environment in the proposal branch name (`keda/<ns>/<kind>/<name>/<environment>`). Default `default`. */
      environment?: string;
      /** Repository folders searched for Argo CD Applications that deploy the entity's folder. */
      argoCdPaths?: string[];
      /** Labels put on every pull request. Default `keda-portal`. */
      labels?: string[];
      /** Where the plain Git provider keeps its bare repositories. Default: a temporary folder. */
      cacheDir?: string;
      /**
       * Repositories known to the platform team. A repository that is
       * neither here nor on an `integrations.github`/`integrations.gitlab`
       * host is refused, so annotations cannot point the backend elsewhere.
       */
      repositories?: Array<{
        /** URL as the annotations write it. */
        url: string;
        /** `git` (default): push a branch; `github`/`gitlab`: open a pull/merge request. */
        provider?: 'git' | 'github' | 'gitlab';
        /** Remote the plain Git provider pushes to instead of `url`, e.g. a local demo repository. */
        remote?: string;
        /** Base branch of this repository. */
        baseBranch?: string;
      }>;
    };
}
