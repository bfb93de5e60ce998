#!/bin/sh
# Makes the image's application class data sharing archive (/app/leadrouter.jsa): one training run of the image as
# Jib built it that starts the application fully (Tomcat on both ports, Camel's routes, readiness UP), takes and decides
# one lead, and exits on SIGTERM (the JVM's normal exit writes the archive): so the archive also holds the classes
# loaded after the context refreshed (Spring's documented recipe stops there). curl talks to the training run.
# JDK 17 accepts an archive only when the JVM and the class path are the ones it was made with: the jars' paths, sizes
# and modification times (Jib sets every file's to 1970-01-01T00:00:01Z). So the training runs the image's own JRE
# on the image's own jars, unpacked from a first image tar, with Jib's class path made relative to /app and /app as
# working directory; at run time the absolute /app/... entries name the same files. No root, no network beyond
# localhost (random ports), no database (H2 in a scratch folder); the image's routes, mappings and policy.
# Usage: make-cds.sh <image tar without the archive> <scratch dir> <archive to write>
set -eu
tar_file=$(readlink -f "$1")
dir=$2
mkdir -p "$(dirname "$3")"
archive=$(readlink -f "$(dirname "$3")")/$(basename "$3")
rm -rf "$dir" && mkdir -p "$dir/layers" "$dir/root" "$dir/home" "$dir/data"
dir=$(readlink -f "$dir")
tar -xf "$tar_file" -C "$dir/layers"
for layer in $(sed -e 's/.*"Layers":\[//' -e 's/\].*//' -e 's/[",]/ /g' "$dir/layers/manifest.json"); do
  tar --warning=no-unknown-keyword -xzf "$dir/layers/$layer" -C "$dir/root"
done
main_class=$(cat "$dir/root/app/jib-main-class-file")
sed 's#/app/##g' "$dir/root/app/jib-classpath-file" >"$dir/classpath"
rm -f "$archive"

cd "$dir/root/app"
token=training-run-only-0123456789
fail() {
  echo "make-cds.sh: $1; the training run's log:" >&2
  tail -40 "$dir/training.log" >&2
  exit 1
}
# The training run goes as far as a started instance does: the context, Tomcat on both ports, Camel's routes, the
# readiness probe and one lead taken and decided; then SIGTERM, the JVM's normal exit, which writes the archive.
env -i "$dir/root/opt/java/bin/java" -XX:ArchiveClassesAtExit="$archive" -Duser.home="$dir/home" \
  -Djava.io.tmpdir="$dir/home" -Dleadrouter.data-dir="$dir/data" -Dleadrouter.security.admin-token=$token \
  -Dserver.port=0 -Dmanagement.server.port=0 -cp @"$dir/classpath" "$main_class" >"$dir/training.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
i=0
until grep -q "Started ${main_class##*.} in" "$dir/training.log"; do
  kill -0 $pid 2>/dev/null || fail "the training run exited before it started"
  [ $i -lt 1500 ] || fail "the training run did not start within 5 minutes"
  i=$((i + 1)); sleep 0.2
done
ports=$(sed -n 's/.*Tomcat started on port \([0-9]*\).*/\1/p' "$dir/training.log")
management= server=
for port in $ports; do # the actuator answers on the management port only
  case $(curl -s -o /dev/null -w '%{http_code}' "localhost:$port/actuator/health/readiness") in
    404) server=$port ;;
    *) management=$port ;;
  esac
done
[ -n "$management" ] && [ -n "$server" ] || fail "no server and management port among $ports"
i=0
until curl -sf -o /dev/null "localhost:$management/actuator/health/readiness"; do
  [ $i -lt 300 ] || fail "the training run was not ready within 60 s"
  i=$((i + 1)); sleep 0.2
done
lead=$(curl -sf -X POST "localhost:$server/intake/form-website" -H 'Content-Type: application/json' \
  -d '{"email":"training@example.com","last_name":"Training","company":"CDS"}' | sed -n 's/.*"leadId":"\([^"]*\)".*/\1/p')
[ -n "$lead" ] || fail "the training lead was not taken"
i=0
until curl -sf "localhost:$server/api/leads/$lead" -H "Authorization: Bearer $token" \
    | grep -o '"status":"[A-Z]*"' | head -1 | grep -qv RECEIVED; do
  [ $i -lt 300 ] || fail "the training lead was not decided within 60 s"
  i=$((i + 1)); sleep 0.2
done
kill -TERM $pid
wait $pid || true
trap - EXIT
[ -s "$archive" ] || fail "the training run made no archive"

# The archive must be usable by the same JVM on the same class path: -Xshare:on fails instead of falling back.
if ! env -i "$dir/root/opt/java/bin/java" -XX:SharedArchiveFile="$archive" -Xshare:on -Xlog:class+load=info \
    -Dspring.context.exit=onRefresh -Duser.home="$dir/home" -Djava.io.tmpdir="$dir/home" \
    -Dleadrouter.data-dir="$dir/data" -Dleadrouter.security.admin-token=training-run-only -Dserver.port=0 \
    -Dmanagement.server.port=0 -cp @"$dir/classpath" "$main_class" >"$dir/check.log" 2>&1 \
  || ! grep -q "$main_class source: shared objects file (top)" "$dir/check.log"; then
  echo "make-cds.sh: the JVM does not load the application from $archive; its log:" >&2
  grep -v 'class,load' "$dir/check.log" | tail -40 >&2
  exit 1
fi
echo "make-cds.sh: $archive ($(($(wc -c <"$archive") / 1048576)) MiB), $(grep -c 'source: shared objects file (top)' \
  "$dir/check.log") classes of the application and its libraries"
