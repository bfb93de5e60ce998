#!/usr/bin/env bash
# Salesforce write-back under load: this build on PostgreSQL, writing through the real camel-salesforce to a WireMock
# Salesforce that answers sObject Collections upserts after 50 ms. Two measurements, results in bench/results:
#   burst:  1,000 leads posted by 64 connections; Salesforce calls made and time until every lead is WRITTEN
#   steady: 10 leads/s for 60 s; submit -> written in Salesforce p50 / p99 (from the ledger's own timestamps)
#   bench/writeback.sh            (needs PostgreSQL on localhost:5433, user leadrouter: bench/README.md; a built jar)
set -euo pipefail
cd "$(dirname "$0")/.."
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}; OUT=bench/results; mkdir -p "$OUT"
WIREMOCK=$(ls ~/.m2/repository/org/wiremock/wiremock-standalone/3.*/wiremock-standalone-*.jar | tail -1)
export LEADROUTER_ADMIN_TOKEN=bench-token-0123456789
psql() { su postgres -c "$PGBIN/psql -h localhost -p 5433 -U leadrouter -d bench -At -c \"$1\""; }
su postgres -c "$PGBIN/dropdb -h localhost -p 5433 -U leadrouter --if-exists bench; $PGBIN/createdb -h localhost -p 5433 -U leadrouter bench"
java -jar "$WIREMOCK" --port 8089 --root-dir bench/wiremock --disable-banner > /tmp/bench-wiremock.log 2>&1 &
WM=$!
SPRING_DATASOURCE_URL=jdbc:postgresql://localhost:5433/bench SPRING_DATASOURCE_USERNAME=leadrouter \
  java -jar target/leadrouter-0.1.0-SNAPSHOT.jar --logging.level.io.leadrouter=WARN \
  --leadrouter.sources.form-website.rate-limit=0 --leadrouter.processing.same-lead-window=0 \
  --leadrouter.crm.salesforce.enabled=true --leadrouter.crm.salesforce.poll-interval=PT0.2S \
  --camel.component.salesforce.login-url=http://localhost:8089 --camel.component.salesforce.authentication-type=USERNAME_PASSWORD \
  --camel.component.salesforce.client-id=bench --camel.component.salesforce.client-secret=bench \
  --camel.component.salesforce.user-name=bench@example.com --camel.component.salesforce.password=bench > /tmp/bench-writeback-app.log 2>&1 &
APP=$!
trap 'kill $APP $WM 2>/dev/null || true' EXIT
until curl -s -o /dev/null localhost:8080/actuator/health/readiness; do sleep 1; done
until curl -s -o /dev/null localhost:8089/__admin/health; do sleep 1; done
calls() { curl -s -X POST localhost:8089/__admin/requests/count -d '{"method":"PATCH","urlPathPattern":"/services/data/.*/composite/sobjects/Lead/.*"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])'; }
pending() { curl -s localhost:8080/api/crm -H "Authorization: Bearer $LEADROUTER_ADMIN_TOKEN" | python3 -c 'import json,sys; print(json.load(sys.stdin)["crms"]["salesforce"]["pending"])'; }
written() { psql "SELECT COUNT(*) FROM crm_writes WHERE status = 'WRITTEN'"; }

# warm-up: 2,000 leads, then wait until written
java bench/LoadGen.java --label writeback-warmup --leads 2000 --warmup 0 --concurrency 16 --out /tmp > /dev/null
until [ "$(pending)" = 0 ]; do sleep 0.5; done
base_calls=$(calls); base_written=$(written)

# burst
start=$(date +%s.%N)
java bench/LoadGen.java --label writeback-burst --leads 1000 --warmup 0 --concurrency 64 --out /tmp > /dev/null
until [ "$(( $(written) - base_written ))" -ge 1000 ]; do sleep 0.05; done
end=$(date +%s.%N)
burst_calls=$(( $(calls) - base_calls ))
burst_seconds=$(python3 -c "print(round($end - $start, 2))")
echo "burst: 1000 leads, $burst_calls Salesforce calls, all written ${burst_seconds}s after the first post"

# steady: 10 leads/s for 60 s
mark=$(psql "SELECT COALESCE(MAX(lead_id), '') FROM inbox")
for i in $(seq 1 600); do
  curl -s -o /dev/null -X POST localhost:8080/intake/form-website -H 'Content-Type: application/json' \
    -d "{\"email\":\"steady-$i-$RANDOM@example.com\",\"first_name\":\"Steady\",\"country\":\"US\"}" &
  sleep 0.1
done
wait $(jobs -p | grep -v -e "^$APP$" -e "^$WM$") 2>/dev/null || true
until [ "$(pending)" = 0 ]; do sleep 0.5; done
read -r p50 p99 n < <(psql "SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 1), round(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)::numeric, 1), COUNT(*) FROM (SELECT EXTRACT(EPOCH FROM (w.written_at - i.received_at)) * 1000 AS ms FROM inbox i JOIN crm_writes w ON w.lead_id = i.lead_id WHERE i.lead_id > '$mark' AND w.status = 'WRITTEN') t" | tr '|' ' ')
echo "steady: $n leads at 10/s, submit -> written in Salesforce p50 ${p50} ms, p99 ${p99} ms"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
cat > "$OUT/$stamp-writeback.json" <<JSON
{"label":"writeback","salesforceLatencyMs":50,"burst":{"leads":1000,"salesforceCalls":$burst_calls,"secondsUntilAllWritten":$burst_seconds},
 "steady":{"leadsPerSecond":10,"leads":$n,"submitToWrittenP50Ms":$p50,"submitToWrittenP99Ms":$p99}}
JSON
echo "result file $OUT/$stamp-writeback.json"
