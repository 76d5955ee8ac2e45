#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test suite: the store and server tests run against
# it (ATSBOX_TEST_POSTGRES_URL) as well as against SQLite.
#
#   eval "$(scripts/ci_postgres.sh start)"   # prints the exports; installs Debian's postgresql if missing
#   scripts/ci_postgres.sh stop              # stops it (only if this start started it)
#
# Idempotent and quick when the server is installed or already running. It fails loudly
# (non-zero exit, message on stderr) when it cannot install or start the server: the
# PostgreSQL half of the tests must not be skipped without anyone noticing.
# The cluster is fsync=off on a loopback port: test data, not data to keep.
set -euo pipefail

PORT="${ATSBOX_PG_PORT:-55433}"
DIR="${ATSBOX_PG_DIR:-/tmp/atsbox-pg-$PORT}"
DB=atsbox_test
LOG="$DIR.log"

say() { echo "ci_postgres: $*" >&2; }
die() { say "$*"; exit 1; }

bindir() {
    local found
    found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    [ -n "$found" ] && [ -x "$found/initdb" ] && echo "$found"
}

install_server() {
    [ -n "$(bindir)" ] && return 0
    command -v apt-get >/dev/null || die "PostgreSQL is not installed and apt-get is not available"
    say "installing Debian's postgresql (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y -qq postgresql; } >&2 || die "apt-get install postgresql failed"
    [ -n "$(bindir)" ] || die "postgresql installed but no initdb found under /usr/lib/postgresql"
}

# Run a server command as the cluster's owner: "postgres" when we are root (PostgreSQL
# refuses to run as root), else ourselves.
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

url() { echo "postgresql://postgres@127.0.0.1:$PORT/$DB"; }

running() { as_owner "$1/pg_ctl" -D "$DIR" status >/dev/null 2>&1; }

start() {
    install_server
    local bin
    bin="$(bindir)"
    local started=0
    if ! running "$bin"; then
        if [ ! -f "$DIR/PG_VERSION" ]; then
            rm -rf "$DIR"
            mkdir -p "$DIR"
            [ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
            as_owner "$bin/initdb" -D "$DIR" -U postgres --auth=trust --no-sync -E UTF8 >/dev/null \
                || die "initdb failed in $DIR"
        fi
        touch "$LOG" && { [ "$(id -u)" != 0 ] || chown postgres:postgres "$LOG"; }
        as_owner "$bin/pg_ctl" -D "$DIR" -l "$LOG" -w -t 60 \
            -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
            start >/dev/null || { tail -n 20 "$LOG" >&2 || true; die "PostgreSQL did not start (log: $LOG)"; }
        started=1
    fi
    if ! as_owner "$bin/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
        as_owner "$bin/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$DB" || die "createdb $DB failed"
    fi
    as_owner "$bin/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d "$DB" -tAc "SELECT 1" >/dev/null \
        || die "PostgreSQL on port $PORT does not answer"
    echo "export ATSBOX_TEST_POSTGRES_URL='$(url)'"
    echo "export ATSBOX_PG_STARTED_HERE=$started"
}

stop() {
    local bin
    bin="$(bindir)" || exit 0
    if running "$bin"; then
        as_owner "$bin/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null || die "pg_ctl stop failed"
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    url) url ;;
    *) die "usage: $0 start|stop|url" ;;
esac
