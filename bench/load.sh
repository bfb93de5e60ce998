#!/usr/bin/env bash
# Load driver: wrk posts form leads (bench/wrk/form-post.lua, a unique email and Idempotency-Key per request) to a
# running leadrouter at CONC connections, first a warm-up, then the measured phase; after each phase it waits until
# every lead is decided (and, with CRMS, written) by reading the service's own counters at /actuator/prometheus — no
# per-lead polling — and reports, for the measured phase:
#   accepted/s (wrk answers that were 2xx / wrk's time), submit→202 p50/p90/p99 (wrk), non-2xx, socket errors,
#   submit→decided p50/p90/p99 and submit→written p50/p90/p99 per CRM: from the bucket deltas of the service's
#   percentile histograms leadrouter_lead_decided_seconds / leadrouter_crm_written_seconds between the scrape before
#   and the scrape after the phase (bench/tools/promhist.py), and the client's (wrk's) CPU per request.
# Result: OUT/<UTC stamp>-LABEL.json; exit 0 when every request was accepted and every lead settled, else 1.
#   URL=http://localhost:18280 CONC=64 WARMUP=20s DURATION=20s LABEL=mine bench/load.sh
# Settings (environment): URL (http://localhost:8080), CONC (64), THREADS (2, wrk threads), WARMUP (20s; 0 = none),
#   DURATION (20s), LEADS / WARMUP_LEADS: about that many leads instead of a duration (each wrk thread stops after
#   its share; requests then in flight on its other connections still arrive), CRMS ("" or e.g. "salesforce hubspot":
#   also wait until their outbox is empty and report submit→written), SETTLE_TIMEOUT (300 s), LABEL, OUT
#   (bench/results), WRK_OUT (/tmp/bench-load-wrk.txt: wrk's own output of the measured phase).
# PENDING_CMD: a shell command printing how many leads are not yet decided (e.g. a COUNT(*) on inbox_pending) for a
#   build without these metrics (the skeleton, 5b3e8b9): it settles by that, and the service-side numbers are null
#   except received_by_service when RECEIVED_CMD prints the number of stored leads (e.g. a COUNT(*) on inbox).
# The service must have started with no earlier leads in flight: "settled" is decided ≥ received since it started.
set -euo pipefail
cd "$(dirname "$0")/.."
URL=${URL:-http://localhost:8080}; URL=${URL%/}; CONC=${CONC:-64}; THREADS=${THREADS:-2}
WARMUP=${WARMUP:-20s}; DURATION=${DURATION:-20s}; LABEL=${LABEL:-load-c$CONC}; OUT=${OUT:-bench/results}
SETTLE_TIMEOUT=${SETTLE_TIMEOUT:-300}; CRMS=${CRMS:-}; WRK_OUT=${WRK_OUT:-/tmp/bench-load-wrk.txt}
PROM=bench/tools/promhist.py
command -v wrk > /dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
mkdir -p "$OUT"
SNAP=$(mktemp -d); trap 'rm -rf "$SNAP"' EXIT

for _ in $(seq 1 120); do curl -sf -o /dev/null "$URL/actuator/health/readiness" && break; sleep 0.5; done
curl -sf -o /dev/null "$URL/actuator/health/readiness" || { echo "$URL is not ready" >&2; exit 2; }
scrape() { curl -sf "$URL/actuator/prometheus" > "$1"; }
if [ -z "${PENDING_CMD:-}" ] && ! scrape "$SNAP/probe"; then
  echo "$URL/actuator/prometheus does not answer: set PENDING_CMD for a build without metrics" >&2; exit 2
fi

# how many leads are not yet settled: received but undecided, or waiting in a CRM's outbox
unsettled() {
  if [ -n "${PENDING_CMD:-}" ]; then eval "$PENDING_CMD"; return; fi
  scrape "$SNAP/now"
  local received decided left
  received=$(python3 $PROM sum "$SNAP/now" leadrouter_leads_received_total)
  decided=$(python3 $PROM sum "$SNAP/now" leadrouter_lead_decided_seconds_count)
  left=$(( received > decided ? received - decided : 0 ))
  for crm in $CRMS; do
    left=$(( left + $(python3 $PROM sum "$SNAP/now" leadrouter_crm_outbox_depth crm="$crm") ))
  done
  echo "$left"
}
settle() {
  local deadline=$(( $(date +%s) + SETTLE_TIMEOUT )) left
  while :; do
    left=$(unsettled)
    [ "$left" = 0 ] && return 0
    [ "$(date +%s)" -ge "$deadline" ] && { echo "not settled after ${SETTLE_TIMEOUT}s: $left lead(s) undecided or unwritten" >&2; return 1; }
    sleep 0.2
  done
}
# one wrk phase: run id, duration, leads (empty: by duration), output file; wrk's CPU (user+sys s) goes to <out>.cpu.
# With a lead count each wrk thread stops at its share and says so in a file; wrk's CPU is read from /proc then, and
# SIGINT ends its run at once with the statistics of the time it really ran. By duration, bash's `times` (CPU of the
# shell's waited-for children: wrk alone) before and after.
children_cpu() { tail -1 "$1" | python3 -c 'import re,sys; print(sum(int(m)*60+float(s) for m,s in re.findall(r"(\d+)m([\d.]+)s", sys.stdin.read())))'; }
phase() {
  local run=$1 duration=$2 leads=$3 out=$4 pid
  if [ -n "$leads" ]; then
    LEADS_PER_THREAD=$(( (leads + THREADS - 1) / THREADS )) DONE_FILE=$SNAP/done-$run RUN_ID=$run \
      wrk -t"$THREADS" -c"$CONC" -d1h --timeout 30s --latency -s bench/wrk/form-post.lua "$URL" > "$out" &
    pid=$!
    until [ "$(cat "$SNAP/done-$run" 2>/dev/null | wc -l)" -ge "$THREADS" ] || ! kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
    python3 bench/tools/proccpu.py "$pid" > "$out.cpu" 2>/dev/null || echo 0 > "$out.cpu"
    kill -INT "$pid" 2>/dev/null || true
    wait "$pid"
  else
    times > "$out.t0"
    RUN_ID=$run wrk -t"$THREADS" -c"$CONC" -d"$duration" --timeout 30s --latency -s bench/wrk/form-post.lua "$URL" > "$out"
    times > "$out.t1"
    python3 -c "print(round($(children_cpu "$out.t1") - $(children_cpu "$out.t0"), 3))" > "$out.cpu"
  fi
}

RUN=$(date +%s)-$$
if [ -n "${WARMUP_LEADS:-}" ] || [ "$WARMUP" != 0 ]; then
  phase "warm-$RUN" "$WARMUP" "${WARMUP_LEADS:-}" "$SNAP/warmup.txt"
  settle
fi
[ -z "${PENDING_CMD:-}" ] && scrape "$SNAP/before"
[ -n "${RECEIVED_CMD:-}" ] && eval "$RECEIVED_CMD" > "$SNAP/received-before"
started_at=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ); t0=$(date +%s.%N)
phase "run-$RUN" "$DURATION" "${LEADS:-}" "$WRK_OUT"
t1=$(date +%s.%N)
settled=true; settle || settled=false
t2=$(date +%s.%N)
[ -z "${PENDING_CMD:-}" ] && scrape "$SNAP/after"
[ -n "${RECEIVED_CMD:-}" ] && eval "$RECEIVED_CMD" > "$SNAP/received-after"

stamp=$(date -u +%Y%m%dT%H%M%SZ); METRICS=$([ -z "${PENDING_CMD:-}" ] && echo 1 || echo 0)
python3 - "$WRK_OUT" "$SNAP" "$OUT/$stamp-$LABEL.json" <<PY
import json, re, sys
wrk_out, snap, result = sys.argv[1:4]
text = open(wrk_out).read()
def unit(v):  # wrk's 12.34ms / 567.00us / 1.20s
    m = re.match(r'([\d.]+)(us|ms|s|m)', v); x = float(m.group(1))
    return round(x * {'us': 0.001, 'ms': 1, 's': 1000, 'm': 60000}[m.group(2)], 2)
m = re.search(r'(\d+) requests in ([\d.]+)(us|ms|s|m)', text)
requests, wrk_s = int(m.group(1)), unit(m.group(2) + m.group(3)) / 1000
non2xx = int((re.search(r'Non-2xx or 3xx responses: (\d+)', text) or [0, 0])[1])
se = re.search(r'Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)', text)
socket_errors = sum(int(x) for x in se.groups()) if se else 0
lat = {p: unit(v) for p, v in re.findall(r'^\s+(50|75|90|99)%\s+(\S+)', text, re.M)}
cpu = float(open(wrk_out + '.cpu').read())
accepted = requests - non2xx
crms = "$CRMS".split()
sys.path.insert(0, 'bench/tools')
import promhist
metrics = "$METRICS" == "1"
def q(name, *labels):
    return promhist.quantiles(snap + '/before', snap + '/after', name, promhist.labels(labels)) if metrics else None
def delta(name, by=None):
    if not metrics:
        if name == 'leadrouter_leads_received_total' and "${RECEIVED_CMD:+1}":
            return int(open(snap + '/received-after').read()) - int(open(snap + '/received-before').read())
        return None
    b, a = promhist.total(snap + '/before', name, {}, by), promhist.total(snap + '/after', name, {}, by)
    return {k: int(v - b.get(k, 0)) for k, v in a.items() if v - b.get(k, 0)} if by else int(a - b)
settled = "$settled" == "true"
passed = settled and non2xx == 0 and socket_errors == 0
r = {
    'label': "$LABEL", 'url': "$URL", 'tool': 'wrk', 'connections': $CONC, 'threads': $THREADS,
    'warmup': "${WARMUP_LEADS:-$WARMUP}", 'measured': "${LEADS:-$DURATION}", 'started_at': "$started_at",
    'duration_s': round(wrk_s, 2), 'requests': requests, 'non2xx': non2xx, 'socket_errors': socket_errors,
    'accepted': accepted, 'accepted_per_s': round(accepted / wrk_s, 1),
    'received_by_service': delta('leadrouter_leads_received_total'),
    'decisions_by_rule': delta('leadrouter_decisions_total', 'rule'),
    'submit_to_202_ms': {'p50': lat.get('50'), 'p90': lat.get('90'), 'p99': lat.get('99')},
    'settle_s': round($t2 - $t1, 2), 'settled': settled,
    'decided_per_s': round(accepted / ($t2 - $t0), 1),
    'submit_to_decided_ms': q('leadrouter_lead_decided_seconds'),
    'submit_to_written_ms': {c: q('leadrouter_crm_written_seconds', 'crm=' + c) for c in crms} if crms else None,
    'client_cpu_s': round(cpu, 2), 'client_cpu_ms_per_request': round(cpu * 1000 / max(requests, 1), 4),
    'passed': passed,
}
json.dump(r, open(result, 'w'), indent=1)
d = r['submit_to_decided_ms'] or {}
print(f"{r['label']}: {accepted} accepted in {wrk_s:.1f}s = {r['accepted_per_s']}/s at c{$CONC}, non-2xx {non2xx}, socket errors {socket_errors}; "
      f"submit->202 p50/p90/p99 {lat.get('50')}/{lat.get('90')}/{lat.get('99')} ms")
print(f"  settled {r['settle_s']}s after the load ({r['decided_per_s']}/s end to end); submit->decided p50/p90/p99 "
      f"{d.get('p50_ms')}/{d.get('p90_ms')}/{d.get('p99_ms')} ms of {d.get('count')}")
for c, w in (r['submit_to_written_ms'] or {}).items():
    print(f"  submit->written {c}: p50/p90/p99 {w['p50_ms']}/{w['p90_ms']}/{w['p99_ms']} ms of {w['count']}")
print(f"  wrk CPU {r['client_cpu_s']}s = {r['client_cpu_ms_per_request']} ms per request; result file {result}")
sys.exit(0 if passed else 1)
PY
