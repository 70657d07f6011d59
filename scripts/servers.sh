# Throwaway Redis and PostgreSQL servers on free loopback ports, for scripts/test (sourced).
# Exports PARLEY_TEST_REDIS_URL and PARLEY_TEST_POSTGRES_URL; stop_test_servers removes everything.

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

pg_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$dir" ] || { echo "PostgreSQL binaries not found under /usr/lib/postgresql" >&2; return 1; }
    echo "$dir"
}

start_test_servers() {
    ensure_apt redis-server postgresql
    TEST_SERVERS_DIR=$(mktemp -d /tmp/parley-servers.XXXXXX)
    chmod 755 "$TEST_SERVERS_DIR"

    local redis_port
    redis_port=$(free_port)
    redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
        --pidfile "$TEST_SERVERS_DIR/redis.pid" --logfile "$TEST_SERVERS_DIR/redis.log" >/dev/null
    export PARLEY_TEST_REDIS_URL="redis://127.0.0.1:$redis_port/0"

    local pg_port bin pgdata
    pg_port=$(free_port)
    bin=$(pg_bin)
    pgdata="$TEST_SERVERS_DIR/pg"
    mkdir -p "$pgdata"
    chown postgres:postgres "$pgdata"
    runuser -u postgres -- "$bin/initdb" -D "$pgdata" --auth=trust --username=postgres -E UTF8 >"$TEST_SERVERS_DIR/initdb.log" 2>&1
    runuser -u postgres -- "$bin/pg_ctl" -D "$pgdata" -l "$pgdata/postgres.log" -w -t 30 start \
        -o "-p $pg_port -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -k $pgdata" >/dev/null
    export PARLEY_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$pg_port/postgres"
    export PARLEY_TEST_PG_BIN="$bin" PARLEY_TEST_PG_DATA="$pgdata" PARLEY_TEST_PG_PORT="$pg_port"
    echo "test servers: redis $PARLEY_TEST_REDIS_URL, postgres $PARLEY_TEST_POSTGRES_URL" >&2
}

stop_test_servers() {
    [ -n "${TEST_SERVERS_DIR:-}" ] || return 0
    if [ -f "$TEST_SERVERS_DIR/redis.pid" ]; then kill "$(cat "$TEST_SERVERS_DIR/redis.pid")" 2>/dev/null || true; fi
    if [ -n "${PARLEY_TEST_PG_DATA:-}" ]; then
        runuser -u postgres -- "$PARLEY_TEST_PG_BIN/pg_ctl" -D "$PARLEY_TEST_PG_DATA" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$TEST_SERVERS_DIR"
}
