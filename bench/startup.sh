#!/bin/sh
# Start-up to ready and memory of the packaged jar, with and without class data sharing (Spring Boot's documented
# recipe: extract the jar, one training run that exits after the context refreshed, then run with the archive).
# Usage (repository root, after ./mvnw package): bench/startup.sh [runs] [extra JVM options…]
# Prints, per variant and run, the milliseconds from launch to GET /actuator/health/readiness = 200, Spring's own
# "Started … in" figure and the peak resident memory (VmHWM) after one lead; embedded H2 in a fresh temp dir.
set -eu
runs=${1:-3}
[ $# -gt 0 ] && shift
jvm_opts=${*:--XX:MaxRAMPercentage=60 -Xmx307m}
jar=$(ls target/leadrouter-*.jar | grep -v plain | head -1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
port=18181
java -Djarmode=tools -jar "$jar" extract --destination "$work/app" >/dev/null
app_jar=$(ls "$work"/app/*.jar)
( cd "$work/app" && java -XX:ArchiveClassesAtExit=application.jsa -Dspring.context.exit=onRefresh \
    -Dleadrouter.data-dir="$work/train" -Dleadrouter.mappings-dir="$OLDPWD/mappings" \
    -Dleadrouter.policy-file="$OLDPWD/policy/distribution.yaml" \
    -Dcamel.main.routes-include-pattern="file:$OLDPWD/routes/*.camel.yaml" -Dserver.port=$port \
    -jar "$app_jar" >/dev/null 2>&1 ) || true

now_ms() { date +%s%3N; }
measure() { # $1 = label, $2 = extra options
  data="$work/data-$(now_ms)"
  start=$(now_ms)
  # shellcheck disable=SC2086
  java $jvm_opts $2 -Dleadrouter.data-dir="$data" -Dserver.port=$port -Dleadrouter.security.admin-token=bench \
    -jar "$app_jar" >"$work/log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "localhost:$port/actuator/health/readiness"; do
    kill -0 $pid 2>/dev/null || { echo "$1: the service died; log:"; tail -20 "$work/log"; exit 1; }
    sleep 0.02
  done
  ready=$(( $(now_ms) - start ))
  curl -sf -o /dev/null -X POST "localhost:$port/intake/form-website" -H 'Content-Type: application/json' \
    -d '{"email":"startup@example.com","last_name":"Start","company":"Up"}'
  started=$(grep -o 'Started LeadRouterApplication in [0-9.]* seconds' "$work/log" | grep -o '[0-9.]*' | head -1)
  hwm=$(awk '/VmHWM/ {print int($2/1024)}' /proc/$pid/status)
  kill $pid; wait $pid 2>/dev/null || true
  echo "$1: ready after ${ready} ms (Spring: ${started} s), peak RSS ${hwm} MiB"
}
i=0
while [ $i -lt "$runs" ]; do
  measure "plain" ""
  measure "cds  " "-XX:SharedArchiveFile=$work/app/application.jsa"
  i=$((i + 1))
done
