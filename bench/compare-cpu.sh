#!/usr/bin/env bash
# Pairs of runs — commit 5b3e8b9 (the skeleton) and this build — alternating which goes first, on a fresh PostgreSQL
# database each, with the CPU seconds of the service, PostgreSQL and the load generator read from /proc during each
# measured phase (bench/tools/cpusample.py, cpuwin.py): where the two builds' cost per lead differs.
#   PAIRS=4 CONC=64 LEADS=30000 WARMUP=30000 bench/compare-cpu.sh <base checkout dir> <this checkout dir>
# Needs the PostgreSQL of bench/README.md ("Against PostgreSQL") on localhost:5433. Results: bench/results/*.json.
set -euo pipefail
BASE=${1:?base checkout}; MINE=$(cd "${2:?this checkout}" && pwd); PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
OUT=$MINE/bench/results; TOOLS=$MINE/bench/tools; CONC=${CONC:-64}
export LEADROUTER_ADMIN_TOKEN=bench-token-0123456789
run() { # label dir app-args...
  local label=$1 dir=$2; shift 2
  su postgres -c "$PGBIN/dropdb -h localhost -p 5433 -U leadrouter --if-exists bench"
  su postgres -c "$PGBIN/createdb -h localhost -p 5433 -U leadrouter bench"
  (cd "$dir" && SPRING_DATASOURCE_URL="jdbc:postgresql://localhost:5433/bench" SPRING_DATASOURCE_USERNAME=leadrouter \
     exec java -jar target/leadrouter-0.1.0-SNAPSHOT.jar --logging.level.io.leadrouter=WARN "$@" > "/tmp/bench-$label.log" 2>&1) &
  local pid=$!
  python3 "$TOOLS/cpusample.py" "/tmp/bench-$label.cpu" & local sampler=$!
  java "$MINE/bench/LoadGen.java" --label "$label" --leads "${LEADS:-30000}" --warmup "${WARMUP:-30000}" --concurrency "$CONC" \
    --out "$OUT" | grep -E 'accepted/s' || true
  kill "$pid"; wait "$pid" 2>/dev/null || true; kill "$sampler"
  while curl -s -o /dev/null localhost:8080; do sleep 1; done
  python3 "$TOOLS/cpuwin.py" "/tmp/bench-$label.cpu" "$(ls -t "$OUT"/*-"$label".json | head -1)"
}
ENGINE=(--leadrouter.policy-file=bench/policy/bench-50-reps.yaml --leadrouter.sources.form-website.rate-limit=0)
for i in $(seq 1 "${PAIRS:-4}"); do
  if [ $((i % 2)) = 1 ]; then run "base-5b3e8b9-cpu-c$CONC-$i" "$BASE"; run "engine-cpu-c$CONC-$i" "$MINE" "${ENGINE[@]}"
  else run "engine-cpu-c$CONC-$i" "$MINE" "${ENGINE[@]}"; run "base-5b3e8b9-cpu-c$CONC-$i" "$BASE"; fi
done
