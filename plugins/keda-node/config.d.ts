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
        /**
         * `git` (default): push a branch; `github`/`gitlab`: open a pull/merge request;
         * or the kind of a Git provider a backend module added (kedaGitProvidersExtensionPoint).
         */
        provider?: string;
        /** Remote the plain Git provider pushes to instead of `url`, e.g. a local demo repository. */
        remote?: string;
        /**
         * Plain Git only: where a proposal's "pull request" link leads, since a
         * plain remote has none. A URL template: `{branch}`, `{baseBranch}` and
         * `{repoUrl}` are URL-encoded, `{branchPath}` keeps the branch's slashes
         * (e.g. `https://git.example.com/shop/gitops/compare/{baseBranch}...{branchPath}`).
         * Default: the portal's own page, `<app.baseUrl>/keda/changes?repo=...&branch=...`,
         * which shows the branch's commits and diff against the base branch.
         */
        pullRequestUrl?: string;
        /** Base branch of this repository. */
        baseBranch?: string;
      }>;
    };

    /**
     * Guardrails checked on every proposed scaling change. Every rule is optional;
     * a rule that is not set is not checked. Unknown keys are rejected at start-up.
     */
    guardrails?: {
      /**
       * Largest maxReplicaCount of a ScaledObject, and most parallel jobs of a ScaledJob.
       * An unset maxReplicaCount counts as KEDA's default of 100.
       */
      maxReplicaCount?: number;
      /** Per-namespace replica limits; the smallest applicable limit wins. */
      namespaces?: {
        [namespace: string]: {
          maxReplicaCount?: number;
        };
      };
      /** Per-lifecycle (spec.lifecycle) replica limits; the smallest applicable limit wins. */
      lifecycles?: {
        [lifecycle: string]: {
          maxReplicaCount?: number;
        };
      };
      /** Trigger types that may or may not be used. */
      triggerTypes?: {
        /** Only these trigger types may be used (non-empty). */
        allow?: string[];
        /** These trigger types may never be used. */
        deny?: string[];
      };
      /** Shortest pollingInterval in seconds (an unset one counts as KEDA's 30). */
      minPollingInterval?: number;
      /** A ScaledObject with any trigger other than cpu, memory or cron must set fallback. */
      requireFallbackForExternalTriggers?: boolean;
      /** When present, ScaledObjects may scale to zero only in the allowed lifecycles. */
      scaleToZero?: {
        /** Lifecycles allowed to scale to zero. Default: every lifecycle except production. */
        allowedLifecycles?: string[];
      };
    };
  };
}
