#!/usr/bin/env bash
# Makes sure promtool and prometheus are installed: tests/e2e/monitoring.test.ts runs the real
# Prometheus against a live vitrina. `npm test` runs this first (its `pretest`), as does .ci/run.
# On Debian or Ubuntu a missing Prometheus is installed with apt-get (Debian's `prometheus`
# package), as root or through sudo; anywhere else, or without the rights, it says what to do.
set -euo pipefail

missing() {
  local name
  for name in promtool prometheus; do
    command -v "$name" >/dev/null 2>&1 || return 0
  done
  return 1
}

fail() {
  printf 'vitrina: %s\n' "$*" >&2
  printf 'vitrina: tests/e2e/monitoring.test.ts needs promtool and prometheus on the PATH; install them (Debian and Ubuntu: `apt-get install -y prometheus`, as root) and run the tests again.\n' >&2
  exit 1
}

missing || exit 0

command -v apt-get >/dev/null 2>&1 || fail 'Prometheus is not installed, and there is no apt-get here to install it with.'

# As root, or through sudo when there is one.
if [ "$(id -u)" -eq 0 ]; then
  as_root() { "$@"; }
elif command -v sudo >/dev/null 2>&1; then
  as_root() { sudo "$@"; }
else
  fail 'Prometheus is not installed, and installing it needs root (there is no sudo here).'
fi

install_prometheus() {
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends prometheus
}

echo 'vitrina: installing Prometheus (promtool, prometheus) for tests/e2e/monitoring.test.ts' >&2
# The package lists may be missing or stale (a fresh container): update them only when needed.
install_prometheus || { as_root apt-get update && install_prometheus; } || fail 'apt-get could not install prometheus.'
# Debian's package starts a service on :9090 where an init system runs: the tests start their own
# Prometheus on a free port, and nothing else should hold one.
as_root service prometheus stop >/dev/null 2>&1 || true

missing && fail 'apt-get installed prometheus, but promtool or prometheus is still not on the PATH.'
exit 0
