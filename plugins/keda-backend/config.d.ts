export interface Config {
  /** KEDA Portal backend settings. */
  keda?: {
    /**
     * Used only when `kubernetes.clusterLocatorMethods` yields no cluster: the
     * kubeconfig whose current context becomes the default cluster
     * (default: $KUBECONFIG, then ~/.kube/config); false turns it off.
     */
    kubeconfig?: string | false;
  };
}
