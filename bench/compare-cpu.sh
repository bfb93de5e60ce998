#!/usr/bin/env bash
# Pairs of runs — commit 5b3e8b9 (the skeleton) and this build — alternating which goes first, on a fresh PostgreSQL
# database each, with the CPU seconds of the service, PostgreSQL and the load generator (wrk) read from /proc during
# each measured phase (bench/tools/cpusample.py, cpuwin.py): where the two builds' cost per lead differs. Every run gets a
# PostgreSQL cluster of its own (initdb, start, stop), so no run inherits another's WAL, checkpoint or dead rows. (Tried
# because in the pairs of 2026-11-30 before it the build that ran first was ahead by 3 … 21 %; with a cluster per run
# that order effect did not go away — pairs still swing ±12 % — so it is the machine, not the database.)
#   PAIRS=4 CONC=64 WARMUP=90s DURATION=30s flock -x /tmp/bench.lock bench/compare-cpu.sh <base checkout dir> <this checkout dir>
# The load is bench/load.sh (wrk; the skeleton, without metrics, settles by counting inbox_pending). It starts its own
# throwaway PostgreSQL cluster (bench/tools/pgtemp.sh, PGPORT 5546) and the service on APP_PORT (18280): nothing of the
# shared setup (5433, 8080) is touched. Results: bench/results/*.json.
set -euo pipefail
BASE=$(cd "${1:?base checkout}" && pwd); MINE=$(cd "${2:?this checkout}" && pwd)
cd "$MINE"
# 90 s of warm-up: on 2 cores the JIT (C2) still compiles for about a minute under load (measured per thread from
# /proc: 4 of every 10 CPU-seconds in compiler threads 30–60 s into a run), which would be measured as the build's cost.
export WARMUP=${WARMUP:-90s} DURATION=${DURATION:-30s}
PGPORT=${PGPORT:-5546}; PGDB=bench; APP_PORT=${APP_PORT:-18280}; OUT=$MINE/bench/results; TOOLS=$MINE/bench/tools
CONC=${CONC:-64}
export LEADROUTER_ADMIN_TOKEN=bench-token-0123456789
. bench/tools/pgtemp.sh
trap 'kill ${APP_PID:-} ${SAMPLER:-} 2>/dev/null || true; wait ${APP_PID:-} 2>/dev/null || true; pg_temp_stop' EXIT
run() { # label dir app-args...
  local label=$1 dir=$2; shift 2
  pg_temp_stop; sync; pg_temp_start
  (cd "$dir" && SPRING_DATASOURCE_URL="jdbc:postgresql://localhost:$PGPORT/$PGDB" SPRING_DATASOURCE_USERNAME=leadrouter \
     exec java -jar target/leadrouter-0.1.0-SNAPSHOT.jar --server.port="$APP_PORT" --logging.level.io.leadrouter=WARN "$@" \
     > "/tmp/bench-$label.log" 2>&1) &
  APP_PID=$!
  until curl -sf -o /dev/null "localhost:$APP_PORT/actuator/health/readiness"; do sleep 1; done
  local pending= received= sql="su postgres -c \"$PGBIN/psql -h localhost -p $PGPORT -U leadrouter -d $PGDB -At -c"
  if ! curl -sf -o /dev/null "localhost:$APP_PORT/actuator/prometheus"; then
    pending="$sql 'SELECT COUNT(*) FROM inbox_pending'\""; received="$sql 'SELECT COUNT(*) FROM inbox'\""
  fi
  python3 "$TOOLS/cpusample.py" "/tmp/bench-$label.cpu" & SAMPLER=$!
  PENDING_CMD=$pending RECEIVED_CMD=$received URL="http://localhost:$APP_PORT" CONC=$CONC LABEL=$label OUT=$OUT bench/load.sh > "/tmp/bench-$label.txt" || true
  head -1 "/tmp/bench-$label.txt"
  kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=; kill "$SAMPLER"; SAMPLER=
  python3 "$TOOLS/cpuwin.py" "/tmp/bench-$label.cpu" "$(ls -t "$OUT"/*-"$label".json | head -1)"
}
ENGINE=(--leadrouter.policy-file=bench/policy/bench-50-reps.yaml --leadrouter.sources.form-website.rate-limit=0)
# BASE_POLICY=bench/policy/bench-50-reps-skeleton.yaml runs the skeleton with the same 50 reps and 20 rules written in
# its own policy format (default: its shipped one-rule, four-rep policy/distribution.yaml).
BASE_ARGS=(); [ -n "${BASE_POLICY:-}" ] && BASE_ARGS=(--leadrouter.policy-file="$MINE/$BASE_POLICY")
BASE_LABEL=base-5b3e8b9${BASE_POLICY:+-50reps}
for i in $(seq 1 "${PAIRS:-4}"); do
  if [ $((i % 2)) = 1 ]; then run "$BASE_LABEL-cpu-c$CONC-$i" "$BASE" "${BASE_ARGS[@]}"; run "engine-cpu-c$CONC-$i" "$MINE" "${ENGINE[@]}"
  else run "engine-cpu-c$CONC-$i" "$MINE" "${ENGINE[@]}"; run "$BASE_LABEL-cpu-c$CONC-$i" "$BASE" "${BASE_ARGS[@]}"; fi
done
