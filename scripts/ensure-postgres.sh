#!/usr/bin/env bash
# Makes sure a real PostgreSQL 15 with pgvector can be started for the external-database tests
# (tests/integration/postgres/): `npm test` runs this first (its pretest), as does .ci/run.
# Debian has no pgvector package for PostgreSQL 15 here, so pgvector is built from the source
# archive beside the project (../shared/vendor/pgvector-0.8.6.tar.gz, or PGVECTOR_SOURCE); it is
# never copied into the repository. Without the archive, apt-get or root rights, this says what
# the tests will skip and succeeds (the rest runs on PGlite), unless VITRINA_REQUIRE_POSTGRES is set
# (.ci/run sets it): then it fails.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source_archive="${PGVECTOR_SOURCE:-$root/../shared/vendor/pgvector-0.8.6.tar.gz}"
bin=/usr/lib/postgresql/15/bin

skip() {
  if [ -n "${VITRINA_REQUIRE_POSTGRES:-}" ]; then
    printf 'vitrina: %s, and VITRINA_REQUIRE_POSTGRES is set.\n' "$*" >&2
    exit 1
  fi
  printf 'vitrina: %s; the external-database tests (tests/integration/postgres/) will be skipped.\n' "$*" >&2
  exit 0
}

have_vector() { [ -x "$bin/initdb" ] && [ -f "$("$bin/pg_config" --sharedir)/extension/vector.control" ]; }

have_vector && exit 0
[ -f "$source_archive" ] || skip "no pgvector source at $source_archive"
command -v apt-get >/dev/null 2>&1 || skip 'no apt-get to install PostgreSQL 15 with'
if [ "$(id -u)" -eq 0 ]; then
  as_root() { "$@"; }
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root() { sudo "$@"; }
else
  skip 'installing PostgreSQL 15 and pgvector needs root (or sudo without a password)'
fi

packages=(postgresql-15 postgresql-server-dev-15 make gcc)
install_packages() {
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${packages[@]}"
}
echo 'vitrina: installing PostgreSQL 15 and building pgvector for the external-database tests' >&2
install_packages || { as_root apt-get update && install_packages; } || skip 'apt-get could not install PostgreSQL 15'
# Where an init system runs, Debian starts a cluster on 5432: the tests start their own.
as_root service postgresql stop >/dev/null 2>&1 || true

build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT
tar -xzf "$source_archive" -C "$build"
dir="$(find "$build" -mindepth 1 -maxdepth 1 -type d | head -n 1)"
# with_llvm=no: no JIT bitcode, so clang is not needed (vitrina turns JIT off where it searches).
make -s -C "$dir" PG_CONFIG="$bin/pg_config" with_llvm=no >/dev/null
as_root make -s -C "$dir" PG_CONFIG="$bin/pg_config" with_llvm=no install >/dev/null
have_vector || skip 'pgvector did not install'
echo "vitrina: pgvector installed into PostgreSQL 15" >&2
