# Sourced by .ci/run: a throw-away PostgreSQL server from Debian's package, on loopback only,
# for the team-database tests. It runs as the `postgres` system user (the server refuses to
# run as root) with its data in a temporary folder, on its own port so that a server already
# on the machine is never touched. Durability is switched off: the data is thrown away.
# Sets BCPRIMARY_TEST_POSTGRES_URL for the tests; `stop_test_postgres` ends it (on EXIT).

start_test_postgres() {
    if [ "$(id -u)" != 0 ] || ! id postgres >/dev/null 2>&1; then
        echo "PostgreSQL: not root or no postgres user; the team-database tests will skip" >&2
        return 0
    fi
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    if [ -z "$PG_BIN" ]; then
        echo "PostgreSQL: Debian's postgresql package is not installed" >&2
        return 1
    fi
    PG_PORT=${PG_PORT:-54329}
    PG_DATA=$(mktemp -d /tmp/bcprimary-ci-postgres.XXXXXX)
    chown postgres: "$PG_DATA"
    runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DATA/data" -U postgres \
        --auth-local=peer --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA/data" -l "$PG_DATA/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DATA -c fsync=off \
            -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null
    local password="ci-$RANDOM$RANDOM"
    runuser -u postgres -- "$PG_BIN/psql" -h "$PG_DATA" -p "$PG_PORT" -qX -v ON_ERROR_STOP=1 \
        -c "CREATE ROLE bcprimary_ci LOGIN CREATEDB PASSWORD '$password'" \
        -c "CREATE DATABASE bcprimary_ci OWNER bcprimary_ci"
    export BCPRIMARY_TEST_POSTGRES_URL="postgresql+psycopg://bcprimary_ci:$password@127.0.0.1:$PG_PORT/bcprimary_ci"
    echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') started on 127.0.0.1:$PG_PORT"
}

stop_test_postgres() {
    if [ -n "${PG_DATA:-}" ] && [ -d "$PG_DATA/data" ]; then
        runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA/data" -m fast -w stop >/dev/null || true
        rm -rf "$PG_DATA"
        echo "PostgreSQL stopped"
    fi
}
