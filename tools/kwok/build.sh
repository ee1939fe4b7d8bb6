#!/usr/bin/env bash
# Builds kwok (sigs.k8s.io/kwok: fake nodes and pod lifecycles for a real
# kube-apiserver) from the Go module proxy (no Docker, no binary downloads)
# into a per-version cache folder. A module of its own: kwok pins its own
# k8s.io libraries, which cannot share kube-testenv's module.
#
# Usage: tools/kwok/build.sh   (KWOK_BUILD_FORCE=1 rebuilds even if the
# binary exists)
#
# Environment:
#   KWOK_BUILD_CACHE   cache root (default: ${XDG_CACHE_HOME:-$HOME/.cache}/keda-portal/kwok)
#
# stdout (machine-readable, nothing else is printed there):
#   bin=<folder with kwok and stages/*.yaml>
# stages/ holds kwok's own Stage manifests from the module (node-initialize,
# pod-create/ready/complete/delete, ...): kwok needs them as --config files.
# Progress messages go to stderr.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

force="${KWOK_BUILD_FORCE:-0}"

log() { echo "kwok: $*" >&2; }

command -v go >/dev/null 2>&1 || { log "go is not on PATH"; exit 1; }

kwok_version="$(go list -mod=readonly -m -f '{{.Version}}' sigs.k8s.io/kwok)"
# go.mod and go.sum pin everything that goes into the binary.
src_hash="$({ cat go.mod go.sum; go env GOVERSION; } | sha256sum | cut -c1-10)"

cache_root="${KWOK_BUILD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/keda-portal/kwok}"
out="$cache_root/$kwok_version-$src_hash"

ready() { [[ -x "$out/kwok" && -f "$out/stages/pod-ready.yaml" ]]; }

if [[ "$force" != "1" ]] && ready; then
  log "binary already built (KWOK_BUILD_FORCE=1 rebuilds)"
else
  # Built into "<out>.partial", renamed when done, so an interrupted build
  # is never taken for a finished one.
  partial="$out.partial"
  rm -rf "$partial"
  mkdir -p "$partial"
  log "building kwok $kwok_version (a cold build takes about 4 minutes on 2 cores)"
  # -buildvcs=false: the module sits inside a git work tree that is not its own.
  go build -mod=readonly -buildvcs=false -ldflags "-s -w" -o "$partial/kwok" sigs.k8s.io/kwok/cmd/kwok
  # The stages ship with the module (kustomize/stage); copied from the module
  # cache, never into the repo. node/fast: nodes become Ready once (no
  # heartbeat, see packages/kube-testenv/src/controllers.ts); pod/general:
  # pods become Running and Ready, pods owned by a Job then Succeed, deleted
  # pods go away after their grace period.
  kwok_dir="$(go list -mod=readonly -m -f '{{.Dir}}' sigs.k8s.io/kwok)"
  mkdir -p "$partial/stages"
  for f in "$kwok_dir"/kustomize/stage/node/fast/*.yaml "$kwok_dir"/kustomize/stage/pod/general/*.yaml; do
    [[ "$(basename "$f")" == kustomization.yaml ]] || cp "$f" "$partial/stages/"
  done
  chmod -R u+w "$partial/stages"
  rm -rf "$out"
  mv "$partial" "$out"
fi

echo "bin=$out"
