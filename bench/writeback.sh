#!/usr/bin/env bash
# CRM write-back under load: this build on PostgreSQL, writing every website lead to Salesforce (through the real
# camel-salesforce) and to HubSpot (through our hubspot: component), both faked by one WireMock that answers after 50 ms.
# Three measurements, results in bench/results/<stamp>-writeback.json; the load is bench/load.sh (wrk), submit -> written
# comes from the service's histogram leadrouter_crm_written_seconds (bucket deltas, bench/tools/promhist.py):
#   burst:     1,000 leads posted by 64 connections; CRM calls made and time until every lead is WRITTEN in both CRMs
#   steady:    10 leads/s for 60 s (curl, open loop); submit -> written p50 / p99 per CRM
#   sustained: LEADS_SUSTAINED (10,000) leads from 64 connections as fast as intake takes them; outbox depth per CRM
#              sampled every second until drained (it must not grow) and how long the outbox takes to drain after the
#              load stops
#   flock -x /tmp/bench.lock bench/writeback.sh   (a built jar: ./mvnw -q -DskipTests package; JAR= another build's jar)
# It starts its own throwaway PostgreSQL cluster (bench/tools/pgtemp.sh, PGPORT 5544, database bench_writeback), the
# service on APP_PORT (18080) and WireMock on WM_PORT (18089): nothing of the shared setup (5433, 8080) is touched.
# STEADY=0 skips the 60 s steady phase; LABEL names the result file; APP_ARGS adds service arguments.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench/results; mkdir -p "$OUT"
LEADS_SUSTAINED=${LEADS_SUSTAINED:-10000}; PGPORT=${PGPORT:-5544}; PGDB=bench_writeback
APP_PORT=${APP_PORT:-18080}; WM_PORT=${WM_PORT:-18089}; JAR=${JAR:-target/leadrouter-0.1.0-SNAPSHOT.jar}
APP=localhost:$APP_PORT; WM=localhost:$WM_PORT
WIREMOCK=$(ls ~/.m2/repository/org/wiremock/wiremock-standalone/3.*/wiremock-standalone-*.jar | tail -1)
export LEADROUTER_ADMIN_TOKEN=bench-token-0123456789
. bench/tools/pgtemp.sh
psql() { su postgres -c "$PGBIN/psql -h localhost -p $PGPORT -U leadrouter -d $PGDB -At -c \"$1\""; }
STUBS=$(mktemp -d)
trap 'kill ${APP_PID:-} ${WM_PID:-} 2>/dev/null || true; wait ${APP_PID:-} 2>/dev/null || true; pg_temp_stop; rm -rf "${MAPPINGS:-}" "$STUBS"' EXIT
pg_temp_start
cp -r bench/wiremock/mappings "$STUBS"/
sed -i "s#localhost:8089#localhost:$WM_PORT#g" "$STUBS"/mappings/*.json
# the shipped mappings, with the website form written to both CRMs
MAPPINGS=$(mktemp -d)
cp mappings/*.yaml "$MAPPINGS"/
sed -i 's/^crm: salesforce$/crm: [salesforce, hubspot]/' "$MAPPINGS/form-website.mapping.yaml"
grep -q '^crm: \[salesforce, hubspot\]$' "$MAPPINGS/form-website.mapping.yaml"
java -jar "$WIREMOCK" --port "$WM_PORT" --root-dir "$STUBS" --disable-banner --async-response-enabled true > /tmp/bench-wiremock.log 2>&1 &
WM_PID=$!
SPRING_DATASOURCE_URL=jdbc:postgresql://localhost:$PGPORT/$PGDB SPRING_DATASOURCE_USERNAME=leadrouter \
  java -jar "$JAR" --server.port="$APP_PORT" --logging.level.io.leadrouter=WARN \
  --leadrouter.sources.form-website.rate-limit=0 --leadrouter.processing.same-lead-window=0 --leadrouter.mappings-dir="$MAPPINGS" \
  --leadrouter.crm.salesforce.enabled=true \
  --camel.component.salesforce.login-url=http://$WM --camel.component.salesforce.authentication-type=USERNAME_PASSWORD \
  --camel.component.salesforce.client-id=bench --camel.component.salesforce.client-secret=bench \
  --camel.component.salesforce.user-name=bench@example.com --camel.component.salesforce.password=bench \
  --leadrouter.crm.hubspot.enabled=true --leadrouter.crm.hubspot.base-url=http://$WM \
  --leadrouter.crm.hubspot.token=pat-bench ${APP_ARGS:-} > /tmp/bench-writeback-app.log 2>&1 &
APP_PID=$!
until curl -s -o /dev/null $APP/actuator/health/readiness; do sleep 1; done
until curl -s -o /dev/null $WM/__admin/health; do sleep 1; done
count() { curl -s -X POST $WM/__admin/requests/count -d "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])'; }
sf_calls() { count '{"method":"PATCH","urlPathPattern":"/services/data/.*/composite/sobjects/Lead/.*"}'; }
hs_calls() { count '{"method":"POST","urlPath":"/crm/objects/2026-03/contacts/batch/upsert"}'; }
pending() { curl -s $APP/api/crm -H "Authorization: Bearer $LEADROUTER_ADMIN_TOKEN" | python3 -c 'import json,sys; c=json.load(sys.stdin)["crms"]; print(c["salesforce"]["pending"], c["hubspot"]["pending"])'; }
drained() { [ "$(pending)" = "0 0" ]; }

# the load: bench/load.sh (wrk), waiting after its load until every lead is decided and both outboxes are empty
load() { URL="http://$APP" CRMS="salesforce hubspot" WARMUP=0 OUT=/tmp bench/load.sh; }
result() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, {"d": d}))' "$(ls -t /tmp/*-"$1".json | head -1)" "$2"; }
scrape() { curl -sf $APP/actuator/prometheus > "$1"; }

# warm-up: 2,000 leads, then wait until written
LEADS=2000 CONC=16 LABEL=writeback-warmup load > /dev/null
base_sf=$(sf_calls); base_hs=$(hs_calls)

# burst: 1,000 leads from 64 connections
start=$(date +%s.%N)
LEADS=1000 CONC=64 LABEL=writeback-burst load > /tmp/bench-writeback-burst.txt
end=$(date +%s.%N)
burst_sf=$(( $(sf_calls) - base_sf )); burst_hs=$(( $(hs_calls) - base_hs ))
burst_leads=$(result writeback-burst 'd["received_by_service"]')
burst_seconds=$(python3 -c "print(round($end - $start, 2))")
burst_sf_span=$(psql "SELECT round((EXTRACT(EPOCH FROM MAX(w.written_at) - MIN(i.received_at)) * 1000)::numeric) FROM (SELECT lead_id, written_at FROM crm_writes WHERE crm = 'salesforce' ORDER BY written_at DESC LIMIT $burst_leads) w JOIN inbox i ON i.lead_id = w.lead_id")
burst_hs_span=$(psql "SELECT round((EXTRACT(EPOCH FROM MAX(w.written_at) - MIN(i.received_at)) * 1000)::numeric) FROM (SELECT lead_id, written_at FROM crm_writes WHERE crm = 'hubspot' ORDER BY written_at DESC LIMIT $burst_leads) w JOIN inbox i ON i.lead_id = w.lead_id")
echo "burst: $burst_leads leads, $burst_sf Salesforce calls, $burst_hs HubSpot calls; first lead received -> last written: Salesforce ${burst_sf_span} ms, HubSpot ${burst_hs_span} ms (script clock incl. wrk start and the drain: ${burst_seconds}s)"
sed -n 's/^  submit->written/  burst submit->written/p' /tmp/bench-writeback-burst.txt

# steady: 10 leads/s for 60 s (curl, open loop); submit -> written from the histogram deltas of the service's metrics
steady_json=null
if [ "${STEADY:-1}" != 0 ]; then
scrape /tmp/bench-writeback-steady-before.prom
for i in $(seq 1 600); do
  curl -s -o /dev/null -X POST $APP/intake/form-website -H 'Content-Type: application/json' \
    -d "{\"email\":\"steady-$i-$RANDOM@example.com\",\"first_name\":\"Steady\",\"country\":\"US\"}" &
  sleep 0.1
done
wait $(jobs -p | grep -v -e "^$APP_PID$" -e "^$WM_PID$") 2>/dev/null || true
until drained; do sleep 0.5; done
scrape /tmp/bench-writeback-steady-after.prom
steady() { python3 bench/tools/promhist.py quantiles /tmp/bench-writeback-steady-{before,after}.prom leadrouter_crm_written_seconds crm="$1"; }
sf=$(steady salesforce); hs=$(steady hubspot)
steady_json="{\"salesforce\":$sf,\"hubspot\":$hs}"
python3 -c 'import json,sys; s=json.loads(sys.argv[1]); print("steady: 10 leads/s for 60 s, submit -> written: " + "; ".join("%s p50 %s ms, p99 %s ms of %s" % (c, w["p50_ms"], w["p99_ms"], w["count"]) for c, w in s.items()))' "$steady_json"
fi

# sustained: as fast as intake goes from 64 connections; the outbox depth is sampled every second until drained
base_sf=$(sf_calls); base_hs=$(hs_calls)
LEADS=$LEADS_SUSTAINED CONC=64 LABEL=writeback-sustained SETTLE_TIMEOUT=600 load > /tmp/bench-writeback-sustained.txt 2>&1 &
LOAD=$!
samples=()
while kill -0 $LOAD 2>/dev/null; do samples+=("$(pending | tr ' ' ',')"); sleep 1; done
wait $LOAD || true
sustained_sf=$(( $(sf_calls) - base_sf )); sustained_hs=$(( $(hs_calls) - base_hs ))
intake_rate=$(result writeback-sustained 'd["accepted_per_s"]')
drain_seconds=$(result writeback-sustained 'd["settle_s"]')
depths=$(IFS=';'; echo "${samples[*]}")
echo "sustained: $LEADS_SUSTAINED leads at ${intake_rate}/s intake; outbox depth (salesforce,hubspot) per second until drained: ${depths}; drained ${drain_seconds}s after the load; calls: Salesforce $sustained_sf, HubSpot $sustained_hs"
sed -n 's/^  submit->written/  sustained submit->written/p' /tmp/bench-writeback-sustained.txt
depth_json=$(python3 -c "import json,sys; print(json.dumps([[int(x) for x in s.split(',')] for s in sys.argv[1].split(';') if s]))" "$depths")
sustained_written=$(result writeback-sustained '__import__("json").dumps(d["submit_to_written_ms"])')
burst_written=$(result writeback-burst '__import__("json").dumps(d["submit_to_written_ms"])')

stamp=$(date -u +%Y%m%dT%H%M%SZ)
cat > "$OUT/$stamp-${LABEL:-writeback}.json" <<JSON
{"label":"${LABEL:-writeback}","appArgs":"${APP_ARGS:-}","crmLatencyMs":50,"crms":["salesforce","hubspot"],"load":"bench/load.sh (wrk)",
 "burst":{"leads":$burst_leads,"salesforceCalls":$burst_sf,"hubspotCalls":$burst_hs,"firstReceivedToLastWrittenMs":{"salesforce":$burst_sf_span,"hubspot":$burst_hs_span},"scriptSecondsUntilAllWritten":$burst_seconds,"submitToWrittenMs":$burst_written},
 "steady":{"leadsPerSecond":10,"submitToWrittenMs":$steady_json},
 "sustained":{"leads":$LEADS_SUSTAINED,"connections":64,"intakePerSecond":$intake_rate,"outboxDepthPerSecond":$depth_json,"drainSecondsAfterLoad":$drain_seconds,"salesforceCalls":$sustained_sf,"hubspotCalls":$sustained_hs,"submitToWrittenMs":$sustained_written}}
JSON
echo "result file $OUT/$stamp-${LABEL:-writeback}.json"
