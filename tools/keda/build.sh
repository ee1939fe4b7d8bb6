#!/usr/bin/env bash
# Builds KEDA's operator, metrics adapter and admission webhooks from the Go
# module proxy (no Docker, no binary downloads) into a per-version cache
# folder. KEDA is a module of its own here: its Kubernetes libraries (v0.36)
# cannot share a module with kube-testenv's k8s.io/kubernetes (v1.37).
#
# Usage: tools/keda/build.sh   (KEDA_BUILD_FORCE=1 rebuilds even if the
# binaries exist)
#
# Environment:
#   KEDA_BUILD_CACHE   cache root (default: ${XDG_CACHE_HOME:-$HOME/.cache}/keda-portal/keda)
#
# stdout (machine-readable, nothing else is printed there):
#   bin=<folder with operator, adapter and webhooks>
# Progress messages go to stderr.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

force="${KEDA_BUILD_FORCE:-0}"

log() { echo "keda: $*" >&2; }

command -v go >/dev/null 2>&1 || { log "go is not on PATH"; exit 1; }

keda_version="$(go list -mod=readonly -m -f '{{.Version}}' github.com/kedacore/keda/v2)"
# go.mod and go.sum pin everything that goes into the binaries.
src_hash="$({ cat go.mod go.sum; go env GOVERSION; } | sha256sum | cut -c1-10)"

cache_root="${KEDA_BUILD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/keda-portal/keda}"
out="$cache_root/keda-$keda_version-$src_hash"

# Built whole or not at all: into "<out>.partial", renamed when all three
# binaries are there, so an interrupted build is never taken for a finished one.
ready() { [[ -x "$out/operator" && -x "$out/adapter" && -x "$out/webhooks" ]]; }

if [[ "$force" != "1" ]] && ready; then
  log "binaries already built (KEDA_BUILD_FORCE=1 rebuilds)"
else
  partial="$out.partial"
  rm -rf "$partial"
  mkdir -p "$partial"
  log "building KEDA $keda_version operator, adapter and webhooks (a cold build takes about 13 minutes on 2 cores)"
  # -buildvcs=false: the module sits inside a git work tree that is not its own.
  go build -mod=readonly -buildvcs=false \
    -ldflags "-s -w -X github.com/kedacore/keda/v2/version.Version=$keda_version" \
    -o "$partial/" \
    github.com/kedacore/keda/v2/cmd/operator \
    github.com/kedacore/keda/v2/cmd/adapter \
    github.com/kedacore/keda/v2/cmd/webhooks
  rm -rf "$out"
  mv "$partial" "$out"
fi

echo "bin=$out"
