#!/usr/bin/env bash
# Builds tools/kafka (franz-go's kfake Kafka-protocol broker plus a loopback
# control API) from the Go module proxy into a cache folder keyed by the
# sources, go.mod/go.sum and the Go version. No binary is downloaded and
# nothing built is committed.
#
# Usage: tools/kafka/build.sh   (KAFKA_BUILD_FORCE=1 rebuilds even if the
# binary exists)
#
# Environment:
#   KAFKA_BUILD_CACHE   cache root (default: ${XDG_CACHE_HOME:-$HOME/.cache}/keda-portal/kafka)
#
# stdout (machine-readable, nothing else is printed there):
#   bin=<folder with kafka-broker>
# Progress messages go to stderr.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

force="${KAFKA_BUILD_FORCE:-0}"

log() { echo "kafka: $*" >&2; }

command -v go >/dev/null 2>&1 || { log "go is not on PATH"; exit 1; }

kfake_version="$(go list -mod=readonly -m -f '{{.Version}}' github.com/twmb/franz-go/pkg/kfake)"
# The sources, go.mod and go.sum pin everything that goes into the binary.
src_hash="$({ cat go.mod go.sum; ls *.go | grep -v '_test\.go$' | sort | xargs cat; go env GOVERSION; } | sha256sum | cut -c1-10)"

cache_root="${KAFKA_BUILD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/keda-portal/kafka}"
out="$cache_root/kafka-$src_hash"

if [[ "$force" != "1" && -x "$out/kafka-broker" ]]; then
  log "broker already built (KAFKA_BUILD_FORCE=1 rebuilds)"
else
  # Built into "<out>.partial" and renamed when done, so an interrupted build
  # is never taken for a finished one.
  partial="$out.partial"
  rm -rf "$partial"
  mkdir -p "$partial"
  log "building the kfake broker ($kfake_version; a cold build takes about 2 minutes on 2 cores)"
  # -buildvcs=false: the module sits inside a git work tree that is not its own.
  go build -mod=readonly -buildvcs=false -ldflags "-s -w" -o "$partial/kafka-broker" .
  rm -rf "$out"
  mv "$partial" "$out"
fi

echo "bin=$out"
