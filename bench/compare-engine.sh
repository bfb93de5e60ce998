#!/usr/bin/env bash
# Whole path on PostgreSQL, the skeleton's round robin (commit 5b3e8b9) against this build with the 50-rep, 20-rule
# bench policy, in one run on one machine: fresh database per run, same LoadGen settings, results in bench/results.
#   bench/compare-engine.sh <base checkout dir> <this checkout dir>   (both built: target/leadrouter-*.jar)
# JDBC_PARAMS (e.g. "?reWriteBatchedInserts=true") is appended to both runs' JDBC URL.
# Needs a PostgreSQL on localhost:5433 with user leadrouter (see bench/README.md "Against PostgreSQL").
set -euo pipefail
BASE=${1:?base checkout}; MINE=${2:?this checkout}
LEADS=${LEADS:-20000}; WARMUP=${WARMUP:-20000}; PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
OUT=$(cd "$(dirname "$0")" && pwd)/results
export LEADROUTER_ADMIN_TOKEN=bench-token-0123456789
run() { # label dir concurrency extra-args...
  local label=$1 dir=$2 conc=$3; shift 3
  su postgres -c "$PGBIN/dropdb -h localhost -p 5433 -U leadrouter --if-exists bench"
  su postgres -c "$PGBIN/createdb -h localhost -p 5433 -U leadrouter bench"
  (cd "$dir" && SPRING_DATASOURCE_URL="jdbc:postgresql://localhost:5433/bench${JDBC_PARAMS:-}" SPRING_DATASOURCE_USERNAME=leadrouter \
     exec java -jar target/leadrouter-0.1.0-SNAPSHOT.jar --logging.level.io.leadrouter=WARN "$@" > "/tmp/bench-$label.log" 2>&1) &
  local pid=$!
  java bench/LoadGen.java --label "$label" --leads "$LEADS" --warmup "$WARMUP" --concurrency "$conc" --out "$OUT" || true
  kill "$pid"; wait "$pid" 2>/dev/null || true
  while curl -s -o /dev/null localhost:8080; do sleep 1; done   # the port is free again before the next run
}
cd "$MINE"
# ORDER=mine-first swaps the runs of each pair, to see how much the order (a warmer machine) weighs.
for conc in ${CONCURRENCY:-16 64}; do
  if [ "${ORDER:-base-first}" = mine-first ]; then
    run "engine-50reps-c$conc" "$MINE" "$conc" --leadrouter.policy-file=bench/policy/bench-50-reps.yaml --leadrouter.sources.form-website.rate-limit=0
    run "base-5b3e8b9-c$conc" "$BASE" "$conc"
  else
    run "base-5b3e8b9-c$conc" "$BASE" "$conc"
    run "engine-50reps-c$conc" "$MINE" "$conc" --leadrouter.policy-file=bench/policy/bench-50-reps.yaml --leadrouter.sources.form-website.rate-limit=0
  fi
done
