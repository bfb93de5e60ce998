#!/bin/sh
# Start-up to ready and memory of the container image (target/jib-image.tar, ./mvnw -Pimage -DskipTests package) run
# as src/image/run-rootfs.sh runs it (read-only root, tmpfs /tmp and /app/data, uid 65532, /app), with the chart's
# default JAVA_TOOL_OPTIONS and a 512 MiB budget: "cds" is the image's entrypoint (its application archive), "base" the
# same without -XX:SharedArchiveFile/-Xshare (only the JRE's own archive, as the image was before).
# Usage (repository root, as root, under flock -x /tmp/bench.lock): bench/startup-image.sh [runs]
# Prints per variant and run the milliseconds from launch to GET /actuator/health/readiness = 200, Spring's "Started …
# in" and the peak resident memory (VmHWM) after one lead; embedded H2 on the tmpfs.
set -eu
runs=${1:-3}
tar_file=$(readlink -f target/jib-image.tar)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/layers" "$work/root"
tar -xf "$tar_file" -C "$work/layers"
for layer in $(sed -e 's/.*"Layers":\[//' -e 's/\].*//' -e 's/[",]/ /g' "$work/layers/manifest.json"); do
  tar --warning=no-unknown-keyword -xzf "$work/layers/$layer" -C "$work/root"
done
mkdir -p "$work/root/proc" "$work/root/dev"
config=$(sed -e 's/.*"Config":"//' -e 's/".*//' "$work/layers/manifest.json")
cds=$(sed -e 's/.*"Entrypoint":\[//' -e 's/\].*//' -e 's/","/ /g' -e 's/"//g' "$work/layers/$config")
base=$(echo "$cds" | sed -e 's/ -XX:SharedArchiveFile=[^ ]*//' -e 's/ -Xshare:auto//')
java_options="$(sed -n 's/^javaOptions: "\(.*\)"/\1/p' helm/leadrouter/values.yaml) -XX:MaxRAM=512m"
port=18182
management=18183

now_ms() { date +%s%3N; }
measure() { # $1 = label, $2 = entrypoint
  start=$(now_ms)
  unshare -m sh -c '
    mount --bind "$0" "$0" && mount -o remount,bind,ro "$0"
    mount -t proc proc "$0/proc"
    mount --rbind /dev "$0/dev"
    mount -t tmpfs -o mode=1777 tmpfs "$0/tmp"
    mount -t tmpfs -o mode=1777 tmpfs "$0/app/data"
    exec env -i JAVA_HOME=/opt/java PATH=/opt/java/bin JAVA_TOOL_OPTIONS="$1" SERVER_PORT="$2" MANAGEMENT_SERVER_PORT="$3" \
      LEADROUTER_ADMIN_TOKEN=bench-admin-token-0123456789 /usr/bin/unshare --root="$0" --wd=/app --setuid 65532 \
      --setgid 65532 $4
  ' "$work/root" "$java_options" "$port" "$management" "$2" >"$work/log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "localhost:$management/actuator/health/readiness"; do
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
  measure "base" "$base"
  measure "cds " "$cds"
  i=$((i + 1))
done
