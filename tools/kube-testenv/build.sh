#!/usr/bin/env bash
# Builds a real kube-apiserver, etcd, kube-controller-manager and
# kube-scheduler (from the Go module proxy, no Docker, no binary downloads)
# into a per-version cache folder, and makes sure the KEDA CRD manifests are
# in the Go module cache.
#
# Usage: tools/kube-testenv/build.sh [--force]
#   --force (or KUBE_TESTENV_FORCE=1)  rebuild even if the binaries exist
#
# Environment:
#   KUBE_TESTENV_CACHE   cache root (default: ${XDG_CACHE_HOME:-$HOME/.cache}/keda-portal/kube-testenv)
#   KEDA_VERSION         KEDA module version whose CRDs are used (default below)
#
# stdout (machine-readable, nothing else is printed there):
#   bin=<folder with kube-apiserver, etcd, kube-testenv, kube-controller-manager, kube-scheduler>
#   crds=<folder with the KEDA CRD *.yaml files>
# The same lines, plus versions, are written to <bin>/env.
# Progress messages go to stderr.
set -euo pipefail

KEDA_VERSION="${KEDA_VERSION:-v2.21.0}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

force="${KUBE_TESTENV_FORCE:-0}"
for arg in "$@"; do
  case "$arg" in
    --force|-f) force=1 ;;
    -h|--help) sed -n '2,18p' "$here/build.sh" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build.sh: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

log() { echo "kube-testenv: $*" >&2; }

command -v go >/dev/null 2>&1 || { log "go is not on PATH"; exit 1; }

# Versions come from go.mod (the k8s version pins the etcd version it selects).
modver() { go list -mod=readonly -m -f '{{.Version}}' "$1"; }
k8s_version="$(modver k8s.io/kubernetes)"
etcd_version="$(modver go.etcd.io/etcd/server/v3)"
k8s_minor="$(echo "$k8s_version" | cut -d. -f2)"

# Short hash of everything that goes into the binaries, so that an edit of
# go.mod/go.sum or of our own Go code lands in a new cache folder.
src_hash="$(
  { cat go.mod go.sum; find cmd -type f -name '*.go' -print0 | sort -z | xargs -0 cat; go env GOVERSION; } \
    | sha256sum | cut -c1-10
)"

cache_root="${KUBE_TESTENV_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/keda-portal/kube-testenv}"
out="$cache_root/k8s-$k8s_version-etcd-$etcd_version-$src_hash"

bins=(kube-apiserver etcd kube-testenv kube-controller-manager kube-scheduler)
have_all=1
for b in "${bins[@]}"; do [[ -x "$out/$b" ]] || have_all=0; done

if [[ "$force" == "1" || "$have_all" == "0" ]]; then
  mkdir -p "$cache_root"
  tmp="$(mktemp -d "$cache_root/.build.XXXXXX")"
  chmod 755 "$tmp"
  trap 'rm -rf "$tmp"' EXIT
  v=k8s.io/component-base/version
  ldflags="-s -w -X $v.gitVersion=$k8s_version -X $v.gitMajor=1 -X $v.gitMinor=$k8s_minor -X $v.gitTreeState=clean"
  # -buildvcs=false: the module sits inside a git work tree that is not its own.
  log "building kube-apiserver $k8s_version (a cold build takes several minutes)"
  go build -mod=readonly -buildvcs=false -ldflags "$ldflags" -o "$tmp/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver
  log "building etcd $etcd_version"
  go build -mod=readonly -buildvcs=false -ldflags "-s -w" -o "$tmp/etcd" go.etcd.io/etcd/server/v3
  log "building kube-testenv (embedded etcd + kube-apiserver in one process)"
  go build -mod=readonly -buildvcs=false -ldflags "$ldflags" -o "$tmp/kube-testenv" ./cmd/kube-testenv
  # The controllers a scaled workload needs (deployment, replicaset, job, HPA,
  # garbage collector, namespace) and the scheduler that binds pods to kwok's
  # fake nodes (tools/kwok). Most packages are shared with kube-apiserver, so
  # with its GOCACHE warm these take a fraction of its cold build.
  for cmd in kube-controller-manager kube-scheduler; do
    log "building $cmd $k8s_version"
    go build -mod=readonly -buildvcs=false -ldflags "$ldflags" -o "$tmp/$cmd" "k8s.io/kubernetes/cmd/$cmd"
  done
  rm -rf "$out"
  mv "$tmp" "$out"
  trap - EXIT
else
  log "binaries already built (use --force to rebuild)"
fi

# KEDA CRDs: read them from the module cache; they are never copied into the repo.
keda_json="$(cd "$cache_root" && GOFLAGS= GO111MODULE=on go mod download -json "github.com/kedacore/keda/v2@$KEDA_VERSION")"
keda_dir="$(printf '%s\n' "$keda_json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
crds="$keda_dir/config/crd/bases"
if ! ls "$crds"/*.yaml >/dev/null 2>&1; then
  log "no CRD files found in $crds"
  exit 1
fi

cat >"$out/env" <<EOF
bin=$out
crds=$crds
k8s=$k8s_version
etcd=$etcd_version
keda=$KEDA_VERSION
EOF

echo "bin=$out"
echo "crds=$crds"
