#!/usr/bin/env bash
# CPU per lead of the whole path — intake, decision, Salesforce write — with CONC (16) concurrent submitters (wrk).
# The service runs on a fresh database of its own throwaway PostgreSQL cluster (bench/tools/pgtemp.sh, PGPORT 5545),
# writes every lead to Salesforce through the real camel-salesforce against WireMock answering after 50 ms (the stubs of
# bench/wiremock). wrk posts form leads (bench/wrk/form-post.lua: unique email and Idempotency-Key per request) for a
# warm-up of WARMUP (30s), waits until every lead is written, then reads the CPU seconds of the service (its JVM,
# /proc/<pid>/stat) and of PostgreSQL (postmaster + backends, reaped ones included), runs the measured phase of
# DURATION (30s), waits until every lead of it is WRITTEN in Salesforce, and reads them again:
#   ms CPU per lead = CPU seconds / leads accepted in the measured phase (inbox rows), for the service and PostgreSQL.
#   flock -x /tmp/bench.lock bench/cpu-per-lead.sh     (a built jar: ./mvnw -q -DskipTests package; JAR= another one)
# WRITEBACK=0 leaves Salesforce off (intake and decision only). SAME_LEAD_WINDOW=0 switches same-person dedupe off (default: on, 7d). PGSTATS=1 loads pg_stat_statements and writes the
# statements of the measured phase by total time (execution and planning ms) to $LOGS/cpu-per-lead-pgstats.txt. PG_URL_PARAMS adds JDBC
# URL parameters (e.g. reWriteBatchedInserts=false).
# PROFILE=1 also attaches async-profiler for the measured phase (needs ASYNC_PROFILER_LIB=.../libasyncProfiler.so) and
# writes the collapsed stacks to $LOGS/cpu-per-lead.collapsed (group them with bench/tools/collapsed.py).
# Result: bench/results/<stamp>-cpu-per-lead-c<CONC>.json.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench/results; mkdir -p "$OUT"; LOGS=${LOGS:-/tmp}  # logs, wrk output, profiles
CONC=${CONC:-16}; WARMUP=${WARMUP:-30s}; DURATION=${DURATION:-30s}; PGPORT=${PGPORT:-5545}; PGDB=bench_cpu
APP_PORT=${APP_PORT:-18180}; WM_PORT=${WM_PORT:-18189}; JAR=${JAR:-target/leadrouter-0.1.0-SNAPSHOT.jar}
POLICY=${POLICY:-bench/policy/bench-50-reps.yaml}; LABEL=${LABEL:-cpu-per-lead-c$CONC}
APP=localhost:$APP_PORT; WM=localhost:$WM_PORT
WIREMOCK=$(ls ~/.m2/repository/org/wiremock/wiremock-standalone/3.*/wiremock-standalone-*.jar | tail -1)
command -v wrk > /dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
export LEADROUTER_ADMIN_TOKEN=bench-token-0123456789
[ "${PGSTATS:-0}" = 1 ] && PG_OPTS="-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track_planning=on"
. bench/tools/pgtemp.sh
psql() { su postgres -c "$PGBIN/psql -h localhost -p $PGPORT -U leadrouter -d $PGDB -At -c \"$1\""; }
STUBS=$(mktemp -d)
trap 'kill ${APP_PID:-} ${WM_PID:-} 2>/dev/null || true; wait ${APP_PID:-} 2>/dev/null || true; pg_temp_stop; rm -rf "$STUBS"' EXIT
pg_temp_start
mkdir "$STUBS/mappings"; cp bench/wiremock/mappings/token.json bench/wiremock/mappings/upsert.json "$STUBS/mappings/"
sed -i "s#localhost:8089#localhost:$WM_PORT#g" "$STUBS"/mappings/*.json
java -jar "$WIREMOCK" --port "$WM_PORT" --root-dir "$STUBS" --disable-banner --async-response-enabled true \
  --container-threads 64 > $LOGS/bench-cpu-wiremock.log 2>&1 &
WM_PID=$!
SPRING_DATASOURCE_URL="jdbc:postgresql://localhost:$PGPORT/$PGDB${PG_URL_PARAMS:+?$PG_URL_PARAMS}" SPRING_DATASOURCE_USERNAME=leadrouter \
  java ${JAVA_OPTS:-} -jar "$JAR" --server.port="$APP_PORT" --logging.level.io.leadrouter=WARN \
  --leadrouter.policy-file="$POLICY" --leadrouter.sources.form-website.rate-limit=0 ${SAME_LEAD_WINDOW:+--leadrouter.processing.same-lead-window=$SAME_LEAD_WINDOW} \
  --leadrouter.crm.salesforce.enabled=$([ "${WRITEBACK:-1}" = 0 ] && echo false || echo true) \
  --camel.component.salesforce.login-url=http://$WM --camel.component.salesforce.authentication-type=USERNAME_PASSWORD \
  --camel.component.salesforce.client-id=bench --camel.component.salesforce.client-secret=bench \
  --camel.component.salesforce.user-name=bench@example.com --camel.component.salesforce.password=bench \
  ${APP_ARGS:-} > $LOGS/bench-cpu-app.log 2>&1 &
APP_PID=$!
until curl -s -o /dev/null $APP/actuator/health/readiness; do
  kill -0 $APP_PID 2>/dev/null || { echo "the service did not start: $LOGS/bench-cpu-app.log" >&2; exit 1; }; sleep 1
done
until curl -s -o /dev/null $WM/__admin/health; do sleep 1; done
if [ "${WRITEBACK:-1}" = 0 ]; then pending() { psql "SELECT COUNT(*) FROM inbox_pending"; }
else pending() { psql "SELECT (SELECT COUNT(*) FROM inbox_pending) + (SELECT COUNT(*) FROM outbox)"; }; fi
written() { psql "SELECT COUNT(*) FROM crm_writes WHERE crm = 'salesforce' AND status = 'WRITTEN'"; }
accepted() { psql "SELECT COUNT(*) FROM inbox"; }
settle() { # every accepted lead decided and its CRM write done: nothing left to decide or write
  for _ in $(seq 1 600); do
    [ "$(pending)" = 0 ] && return 0; sleep 0.2
  done
  echo "the service did not settle: $(pending) leads undecided or unwritten" >&2; return 1
}
cpu() { echo "$(python3 bench/tools/proccpu.py "$APP_PID") $(python3 bench/tools/proccpu.py "$(pg_temp_pid)" --tree)"; }

RUN_ID=warm-$$ wrk -t2 -c"$CONC" -d"$WARMUP" -s bench/wrk/form-post.lua "http://$APP" > $LOGS/bench-cpu-wrk-warmup.txt
settle
# statistics as a database in service has them (a fresh database's planner still thinks the tables are empty)
psql "ANALYZE" > /dev/null
[ "${PGSTATS:-0}" = 1 ] && psql "CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()" > /dev/null
leads0=$(accepted); read -r app0 pg0 < <(cpu); t0=$(date +%s.%N)
if [ "${PROFILE:-0}" = 1 ]; then
  java bench/tools/Attach.java "$APP_PID" "$ASYNC_PROFILER_LIB" "start,event=itimer,interval=1000000"
fi
RUN_ID=run-$$ wrk -t2 -c"$CONC" -d"$DURATION" --latency -s bench/wrk/form-post.lua "http://$APP" > $LOGS/bench-cpu-wrk.txt
settle
t1=$(date +%s.%N); read -r app1 pg1 < <(cpu); leads1=$(accepted)
[ "${PGSTATS:-0}" = 1 ] && psql "SELECT round(total_exec_time::numeric) || ' ms | plan ' || round(total_plan_time::numeric) || ' ms | ' || calls || ' calls | ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 160) FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 40" > $LOGS/cpu-per-lead-pgstats.txt
if [ "${PROFILE:-0}" = 1 ]; then
  java bench/tools/Attach.java "$APP_PID" "$ASYNC_PROFILER_LIB" "stop,collapsed,file=$LOGS/cpu-per-lead.collapsed"
fi
leads=$((leads1 - leads0))
calls=$(curl -s -X POST $WM/__admin/requests/count -d '{"method":"PATCH","urlPathPattern":"/services/data/.*/composite/sobjects/Lead/.*"}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])')
non2xx=$(grep -o 'Non-2xx or 3xx responses: [0-9]*' $LOGS/bench-cpu-wrk.txt | grep -o '[0-9]*$' || echo 0)
rps=$(grep -o 'Requests/sec: *[0-9.]*' $LOGS/bench-cpu-wrk.txt | grep -o '[0-9.]*$')
read -r app_ms pg_ms total_ms wall < <(python3 -c "
l=$leads; a=($app1-$app0)*1000/l; p=($pg1-$pg0)*1000/l
print(f'{a:.3f} {p:.3f} {a+p:.3f} {($t1-$t0):.1f}')")
echo "c$CONC: $leads leads accepted in the measured phase ($rps req/s by wrk, $non2xx non-2xx); Salesforce WRITTEN in all: $(written) of $(accepted)"
echo "  CPU per lead: service ${app_ms} ms, PostgreSQL ${pg_ms} ms, together ${total_ms} ms (window ${wall}s incl. the drain)"
grep -E 'Latency|50%|99%' $LOGS/bench-cpu-wrk.txt | sed 's/^/  wrk /'
stamp=$(date -u +%Y%m%dT%H%M%SZ)
cat > "$OUT/$stamp-$LABEL.json" <<JSON
{"label":"$LABEL","connections":$CONC,"warmup":"$WARMUP","duration":"$DURATION","crmLatencyMs":50,"crms":["salesforce"],
 "policy":"$POLICY","appArgs":"${APP_ARGS:-}","leads":$leads,"wrkRequestsPerSecond":$rps,"non2xx":$non2xx,
 "cpuSeconds":{"service":$(python3 -c "print(round($app1-$app0,2))"),"postgresql":$(python3 -c "print(round($pg1-$pg0,2))")},
 "cpuMsPerLead":{"service":$app_ms,"postgresql":$pg_ms,"together":$total_ms},"windowSeconds":$wall,"salesforceCallsTotal":$calls}
JSON
echo "result file $OUT/$stamp-$LABEL.json"
