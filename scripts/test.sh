#!/usr/bin/env bash
# Lint, type-check and every test: unit tests, integration tests and browser
# tests. Run through scripts/dev test; CI runs exactly this.
set -uo pipefail
cd "$(dirname "$0")/.."

RESULTS="$PWD/.cache/test-results"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
failed_steps=()

step() {
  local name="$1"
  shift
  printf '\n==> %s\n' "$name"
  if ! "$@" 2>&1 | tee "$RESULTS/$name.log"; then
    failed_steps+=("$name")
  fi
}

ensure_packages() {
  # Debian packages the tests start themselves: the browser, PostgreSQL and
  # the real event sources KEDA's scalers read (packages/event-sources).
  local missing=()
  [ -x /usr/bin/chromium ] || [ -n "${CHROMIUM_PATH:-}" ] || missing+=(chromium)
  ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || missing+=(postgresql)
  command -v prometheus >/dev/null || missing+=(prometheus)
  command -v rabbitmq-server >/dev/null || [ -x /usr/sbin/rabbitmq-server ] || missing+=(rabbitmq-server)
  command -v redis-server >/dev/null || missing+=(redis-server)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "[test] installing Debian's ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "[test] the tests need: sudo apt-get install ${missing[*]}" >&2
    return 1
  fi
}

start_keda_chain() {
  # The real KEDA chain (packages/keda-testenv: its own API server with
  # kube-controller-manager, kube-scheduler, kwok nodes and KEDA's operator,
  # adapter and webhooks) for the *.keda.integration tests. Started in the
  # background at the beginning, so a first run's Go builds overlap lint
  # and tsc; wait_keda_chain waits for it before Jest.
  KEDA_STATE="$RESULTS/keda-chain.json"
  jiti packages/keda-testenv/src/cli.ts serve --state "$KEDA_STATE" --log "$RESULTS/keda-chain.log" \
    >"$RESULTS/keda-chain.out" 2>"$RESULTS/keda-chain.err" &
  KEDA_PID=$!
}
wait_keda_chain() {
  for _ in $(seq 1 3600); do
    if [ -s "$KEDA_STATE" ]; then
      KEDA_PORTAL_KEDA_KUBECONFIG="$(node -p "require('$KEDA_STATE').kubeconfig")"
      export KEDA_PORTAL_KEDA_KUBECONFIG
      echo "[test] KEDA chain ready: $(node -p "require('$KEDA_STATE').server")"
      cat "$RESULTS/keda-chain.err"
      return 0
    fi
    kill -0 "$KEDA_PID" 2>/dev/null || break
    sleep 1
  done
  echo "[test] the KEDA chain did not start:" >&2
  tail -50 "$RESULTS/keda-chain.err" >&2
  tail -50 "$RESULTS/keda-chain.log" >&2
  return 1
}
stop_keda_chain() {
  [ -n "${KEDA_PID:-}" ] && kill "$KEDA_PID" 2>/dev/null && wait "$KEDA_PID" 2>/dev/null
  return 0
}

start_testenv() {
  # One real API server (tools/kube-testenv: kube-apiserver + etcd built from
  # Go modules, KEDA's CRDs) for every integration test of the run; tests
  # isolate by namespace. The first run builds the binaries (about 11 min).
  local state="$RESULTS/testenv.json"
  jiti packages/kube-testenv/src/cli.ts serve --state "$state" >"$RESULTS/testenv.out" 2>"$RESULTS/testenv.err" &
  TESTENV_PID=$!
  for _ in $(seq 1 1800); do
    if [ -s "$state" ]; then
      KEDA_PORTAL_TESTENV_KUBECONFIG="$(node -p "require('$state').kubeconfig")"
      export KEDA_PORTAL_TESTENV_KUBECONFIG
      echo "[test] API server ready: $(node -p "require('$state').server")"
      return 0
    fi
    kill -0 "$TESTENV_PID" 2>/dev/null || break
    sleep 1
  done
  echo "[test] the test API server did not start:" >&2
  tail -50 "$RESULTS/testenv.err" >&2
  return 1
}
stop_testenv() {
  [ -n "${TESTENV_PID:-}" ] && kill "$TESTENV_PID" 2>/dev/null && wait "$TESTENV_PID" 2>/dev/null
  return 0
}
start_postgres() {
  # Debian's PostgreSQL for the database tests (Backstage's TestDatabases
  # reads this variable instead of starting a container).
  local url
  url="$(scripts/test-postgres.sh start "$RESULTS/postgres")" || return 1
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="$url"
  echo "[test] PostgreSQL ready: $url"
}
stop_all() {
  stop_keda_chain
  stop_testenv
  scripts/test-postgres.sh stop "$RESULTS/postgres"
}
trap stop_all EXIT

step packages ensure_packages
start_keda_chain
step lint backstage-cli repo lint
step prettier prettier --check .
# No production file over 600 lines, no function over 120 (issue 18).
step sizes node scripts/check-sizes.mjs
step tsc tsc
# The Go helpers' own tests (the Kafka broker against KEDA's Kafka client).
step go-tests bash -c 'cd tools/kafka && go test ./...'
# API reports are built from the declarations tsc just wrote.
step api-reports backstage-repo-tools api-reports --ci -o ae-wrong-input-file-type,ae-undocumented 'plugins/*'
# Unit tests and integration tests (*.integration.test.ts, against the real
# API server) run in one Jest run.
printf '\n==> testenv\n'
start_testenv || failed_steps+=(testenv)
printf '\n==> postgres\n'
start_postgres || failed_steps+=(postgres)
printf '\n==> keda-chain\n'
wait_keda_chain || failed_steps+=(keda-chain)
step jest env CI=true backstage-cli repo test
# The browser tests start their own demo chain; free the cores first.
stop_keda_chain
# The reliability suites print their figures on [reliability] lines
# (docs/RELIABILITY.md); gather them in one place.
grep -h '\[reliability\]' "$RESULTS/jest.log" | sed 's/^ *//' >"$RESULTS/reliability.log" || true
printf '\n==> reliability figures (%s)\n' "$RESULTS/reliability.log"
cat "$RESULTS/reliability.log"
# The browser tests' portal reads the demo cluster (it starts its own).
step browser node --test --test-concurrency=1 'e2e/**/*.test.ts'
stop_testenv

# One closing line over every runner: "N passed, N failed".
passed=0
failed=0
if line=$(grep -E '^Tests: ' "$RESULTS/jest.log" | tail -1); then
  p=$(sed -nE 's/.* ([0-9]+) passed.*/\1/p' <<<"$line")
  f=$(sed -nE 's/.* ([0-9]+) failed.*/\1/p' <<<"$line")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
fi
p=$(sed -nE 's/^# pass ([0-9]+)$/\1/p' "$RESULTS/browser.log" | tail -1)
f=$(sed -nE 's/^# fail ([0-9]+)$/\1/p' "$RESULTS/browser.log" | tail -1)
passed=$((passed + ${p:-0}))
failed=$((failed + ${f:-0}))

echo
if [ ${#failed_steps[@]} -gt 0 ]; then
  echo "Failed steps: ${failed_steps[*]}"
  [ "$failed" -gt 0 ] || failed=${#failed_steps[@]}
fi
echo "$passed passed, $failed failed"
[ ${#failed_steps[@]} -eq 0 ] && [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
