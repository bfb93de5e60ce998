# Sourced by bench scripts: a throwaway PostgreSQL cluster of their own (never the shared one on 5433), on $PGPORT,
# with database $PGDB owned by user leadrouter (trust auth, initdb defaults like bench/README.md "Against PostgreSQL").
#   pg_temp_start; ...; pg_temp_stop          pg_temp_pid: the postmaster's pid (its children are the backends)
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
pg_temp_start() {
  PG_TEMP_DIR=$(mktemp -d /tmp/bench-pg.XXXXXX); chown postgres "$PG_TEMP_DIR"
  su postgres -c "$PGBIN/initdb -D $PG_TEMP_DIR/data -U leadrouter --auth=trust" > /dev/null
  su postgres -c "$PGBIN/pg_ctl -D $PG_TEMP_DIR/data -o '-p $PGPORT -k $PG_TEMP_DIR ${PG_OPTS:-}' -l $PG_TEMP_DIR/log -w start" > /dev/null
  su postgres -c "$PGBIN/createdb -h localhost -p $PGPORT -U leadrouter $PGDB"
}
pg_temp_pid() { head -1 "$PG_TEMP_DIR/data/postmaster.pid"; }
pg_temp_stop() {
  [ -n "${PG_TEMP_DIR:-}" ] || return 0
  su postgres -c "$PGBIN/pg_ctl -D $PG_TEMP_DIR/data -m fast -w stop" > /dev/null 2>&1 || true
  rm -rf "$PG_TEMP_DIR"; PG_TEMP_DIR=
}
