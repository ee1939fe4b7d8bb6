#!/usr/bin/env bash
# The portal with its embedded defaults: backend on :7007, frontend on :3000,
# SQLite, guest sign-in, the example catalog. Run through scripts/dev start.
#
# Clusters: when nothing points at one (no $KUBECONFIG, no ~/.kube/config),
# the demo cluster starts (packages/demo-cluster): the real KEDA chain (API
# server, Kubernetes controllers, kwok nodes, KEDA's operator, adapter and
# webhooks), real event sources and a load generator. Its app-config fragment
# is written once the cluster runs, or after KEDA_PORTAL_DEMO_WAIT seconds
# while a first start still builds it, so the portal starts meanwhile.
# KEDA_PORTAL_DEMO=off skips it; KEDA_PORTAL_DEMO=on forces it.
#
# For a second portal next to yours (the browser tests do this):
# KEDA_PORTAL_DATA=<dir> keeps its demo cluster and GitOps repository apart,
# KEDA_PORTAL_CONFIG=<file> adds a config file last (other ports, for instance).
set -euo pipefail
cd "$(dirname "$0")/.."
data="${KEDA_PORTAL_DATA:-.data}"
case "$data" in /*) ;; *) data="$PWD/$data" ;; esac
mkdir -p .data/sqlite "$data"

configs=(--config "$PWD/app-config.yaml")
[ -f app-config.local.yaml ] && configs+=(--config "$PWD/app-config.local.yaml")

demo="${KEDA_PORTAL_DEMO:-auto}"
if [ "$demo" = auto ]; then
  if [ -n "${KUBECONFIG:-}" ] || [ -f "$HOME/.kube/config" ]; then demo=off; else demo=on; fi
fi

if [ "$demo" = on ]; then
  out="$data/demo-cluster"
  mkdir -p "$out"
  rm -f "$out/app-config.demo.yaml"
  jiti packages/demo-cluster/src/cli.ts --out "$out" >"$out/ready.json" 2> >(tee "$out/demo.log" >&2) &
  demo_pid=$!
  trap 'kill $demo_pid 2>/dev/null; wait $demo_pid 2>/dev/null' EXIT
  until [ -s "$out/app-config.demo.yaml" ]; do
    kill -0 "$demo_pid" 2>/dev/null || { echo "[start] the demo cluster failed to start (see $out/demo.log)" >&2; exit 1; }
    sleep 1
  done
  echo "[start] starting the portal; the demo cluster reports on the [demo-cluster] lines (admin kubeconfig: $out/apiserver/kubeconfig)" >&2
  configs+=(--config "$out/app-config.demo.yaml")
fi
[ -n "${KEDA_PORTAL_CONFIG:-}" ] && configs+=(--config "$(cd "$(dirname "$KEDA_PORTAL_CONFIG")" && pwd)/$(basename "$KEDA_PORTAL_CONFIG")")

backstage-cli repo start "${configs[@]}" "$@"
