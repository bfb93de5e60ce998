#!/usr/bin/env bash
# Whole path on PostgreSQL, the skeleton's round robin (commit 5b3e8b9) against this build with the 50-rep, 20-rule
# bench policy, in one run on one machine: fresh database per run, the same load (bench/load.sh: wrk at CONCURRENCY
# connections, WARMUP then DURATION), results in bench/results/<stamp>-<label>.json.
#   flock -x /tmp/bench.lock bench/compare-engine.sh <base checkout dir> <this checkout dir>   (both built)
# The skeleton has no /actuator/prometheus: its run settles by counting inbox_pending in the database and reports
# accepted/s and submit->202 only; this build's run also reports submit->decided from its histogram.
# WARMUP / DURATION (20s each), CONCURRENCY ("16 64"), ORDER=mine-first swaps each pair (to see how much the order, a
# warmer machine, weighs), JDBC_PARAMS (e.g. "?reWriteBatchedInserts=true") is appended to both runs' JDBC URL.
# It starts its own throwaway PostgreSQL cluster (bench/tools/pgtemp.sh, PGPORT 5546) and the service on APP_PORT
# (18280): nothing of the shared setup (5433, 8080) is touched.
set -euo pipefail
BASE=$(cd "${1:?base checkout}" && pwd); MINE=$(cd "${2:?this checkout}" && pwd)
cd "$MINE"
export WARMUP=${WARMUP:-20s} DURATION=${DURATION:-20s}
PGPORT=${PGPORT:-5546}; PGDB=bench; APP_PORT=${APP_PORT:-18280}; OUT=$MINE/bench/results
export LEADROUTER_ADMIN_TOKEN=bench-token-0123456789
. bench/tools/pgtemp.sh
trap 'kill ${APP_PID:-} 2>/dev/null || true; wait ${APP_PID:-} 2>/dev/null || true; pg_temp_stop' EXIT
pg_temp_start
run() { # label dir concurrency extra-args...
  local label=$1 dir=$2 conc=$3; shift 3
  su postgres -c "$PGBIN/dropdb -h localhost -p $PGPORT -U leadrouter --if-exists $PGDB"
  su postgres -c "$PGBIN/createdb -h localhost -p $PGPORT -U leadrouter $PGDB"
  (cd "$dir" && SPRING_DATASOURCE_URL="jdbc:postgresql://localhost:$PGPORT/$PGDB${JDBC_PARAMS:-}" SPRING_DATASOURCE_USERNAME=leadrouter \
     exec java -jar target/leadrouter-0.1.0-SNAPSHOT.jar --server.port="$APP_PORT" --logging.level.io.leadrouter=WARN "$@" \
     > "/tmp/bench-$label.log" 2>&1) &
  APP_PID=$!
  until curl -sf -o /dev/null "localhost:$APP_PORT/actuator/health/readiness"; do sleep 1; done
  local pending= received= sql="su postgres -c \"$PGBIN/psql -h localhost -p $PGPORT -U leadrouter -d $PGDB -At -c"
  if ! curl -sf -o /dev/null "localhost:$APP_PORT/actuator/prometheus"; then
    pending="$sql 'SELECT COUNT(*) FROM inbox_pending'\""; received="$sql 'SELECT COUNT(*) FROM inbox'\""
  fi
  PENDING_CMD=$pending RECEIVED_CMD=$received URL="http://localhost:$APP_PORT" CONC=$conc LABEL=$label OUT=$OUT bench/load.sh || true
  kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=
}
ENGINE=(--leadrouter.policy-file=bench/policy/bench-50-reps.yaml --leadrouter.sources.form-website.rate-limit=0)
for conc in ${CONCURRENCY:-16 64}; do
  if [ "${ORDER:-base-first}" = mine-first ]; then
    run "engine-50reps-c$conc" "$MINE" "$conc" "${ENGINE[@]}"
    run "base-5b3e8b9-c$conc" "$BASE" "$conc"
  else
    run "base-5b3e8b9-c$conc" "$BASE" "$conc"
    run "engine-50reps-c$conc" "$MINE" "$conc" "${ENGINE[@]}"
  fi
done
