#!/bin/sh
# Makes the image's application class data sharing archive (/app/leadrouter.jsa): one training run of the image as
# Jib built it, which starts the application and exits once its context has refreshed (Spring's documented recipe).
# JDK 17 accepts an archive only when the JVM and the class path are the ones it was made with: the jars' paths, sizes
# and modification times (Jib sets every file's to 1970-01-01T00:00:01Z). So the training runs the image's own JRE
# on the image's own jars, unpacked from a first image tar, with Jib's class path made relative to /app and /app as
# working directory; at run time the absolute /app/... entries name the same files. No root, no network, no database
# (H2 in a scratch folder); the image's routes, mappings and policy.
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
if ! env -i "$dir/root/opt/java/bin/java" -XX:ArchiveClassesAtExit="$archive" -Dspring.context.exit=onRefresh \
    -Duser.home="$dir/home" -Djava.io.tmpdir="$dir/home" -Dleadrouter.data-dir="$dir/data" \
    -Dleadrouter.security.admin-token=training-run-only -Dserver.port=0 -Dmanagement.server.port=0 \
    -cp @"$dir/classpath" "$main_class" >"$dir/training.log" 2>&1 || [ ! -s "$archive" ]; then
  echo "make-cds.sh: the training run made no archive; its log:" >&2
  tail -40 "$dir/training.log" >&2
  exit 1
fi

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
