#!/usr/bin/env bash
# Fault drills (issue 9, item 7): two instances of the packaged jar over a fresh PostgreSQL 15 cluster of their own,
# Salesforce write-back on against WireMock (inside bench/Drill.java). Results in bench/results/<stamp>-drill-<name>.json.
#   kill-outage: 10,000 leads at 100/s; one instance SIGKILLed and restarted five times; Salesforce answers 503 for 60 s
#                inside the run -> leads lost and duplicate CRM records (both must be 0)
#   db-stop:     6,000 leads at 100/s, each sent once; PostgreSQL stopped for 30 s inside the run -> every request
#                acknowledged and later written, or refused with 503 and not stored; nothing in between
#   flock -x /tmp/bench.lock bench/drill.sh [kill-outage|db-stop|all]
# Needs root (the cluster runs as user postgres), a built jar (./mvnw -q -DskipTests package) and the Maven repository
# of a build (WireMock, the PostgreSQL driver and Jackson are taken from ~/.m2). Never uses port 5433 or 8080.
set -euo pipefail
cd "$(dirname "$0")/.."
WHICH=${1:-all}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGPORT=${DRILL_PG_PORT:-55433}
PGDATA=$(mktemp -d /tmp/drill-pg.XXXXXX)
M2=~/.m2/repository
CP=$(ls $M2/org/wiremock/wiremock-standalone/3.13.2/wiremock-standalone-3.13.2.jar \
        $M2/org/postgresql/postgresql/42.7.8/postgresql-42.7.8.jar \
        $M2/com/fasterxml/jackson/core/jackson-{databind,core,annotations}/2.19.4/jackson-*-2.19.4.jar | paste -sd:)
JAR=$(ls target/leadrouter-*.jar | grep -v -e sources -e javadoc | head -1)
chown postgres "$PGDATA"
cleanup() { su postgres -c "$PGBIN/pg_ctl -D $PGDATA -m immediate stop" >/dev/null 2>&1 || true; rm -rf "$PGDATA" /tmp/drill-data-0 /tmp/drill-data-1; }
trap cleanup EXIT
su postgres -c "$PGBIN/initdb -D $PGDATA -U postgres --auth=trust" > /tmp/drill-initdb.log
su postgres -c "$PGBIN/pg_ctl -D $PGDATA -o '-p $PGPORT -k /tmp' -w -l /tmp/drill-postgres.log start" > /dev/null
# -o is remembered by pg_ctl only per start: keep the port in the cluster's configuration for the restart in db-stop
echo "port = $PGPORT" >> "$PGDATA/postgresql.conf"; echo "unix_socket_directories = '/tmp'" >> "$PGDATA/postgresql.conf"
run() {
  local drill=$1 leads=$2
  su postgres -c "$PGBIN/psql -h localhost -p $PGPORT -U postgres -qc 'DROP DATABASE IF EXISTS drill' -c 'CREATE DATABASE drill'"
  rm -f /tmp/drill-app-0.log /tmp/drill-app-1.log
  java -cp "$CP" bench/Drill.java --drill "$drill" --leads "$leads" --rate 100 --jar "$JAR" \
    --jdbc-url "jdbc:postgresql://localhost:$PGPORT/drill" --pg-ctl "$PGBIN/pg_ctl" --pg-data "$PGDATA" --out bench/results
}
status=0
if [ "$WHICH" = all ] || [ "$WHICH" = kill-outage ]; then run kill-outage 10000 || status=1; fi
if [ "$WHICH" = all ] || [ "$WHICH" = db-stop ]; then run db-stop 6000 || status=1; fi
exit $status
