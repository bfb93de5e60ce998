#!/bin/sh
# Runs target/jib-image.tar without a container engine, as a runtime would: its layers unpacked into a root
# filesystem mounted read-only, tmpfs on /tmp and /app/data, /dev (a runtime provides /dev/urandom and the like; here
# the host's), uid/gid 65532, working directory /app, only the image's environment plus what is passed here, and the
# image's own entrypoint (from its config). Linux, as root (mount namespaces); for checking the image on a machine
# without Docker. Usage: run-rootfs.sh <image tar> <scratch dir> [NAME=value ...]
set -eu
tar_file=$(readlink -f "$1")
dir=$2
shift 2
rm -rf "$dir" && mkdir -p "$dir/layers" "$dir/root"
tar -xf "$tar_file" -C "$dir/layers"
for layer in $(sed -e 's/.*"Layers":\[//' -e 's/\].*//' -e 's/[",]/ /g' "$dir/layers/manifest.json"); do
  tar --warning=no-unknown-keyword -xzf "$dir/layers/$layer" -C "$dir/root"
done
mkdir -p "$dir/root/proc" "$dir/root/dev"
root=$(readlink -f "$dir/root")
config=$(sed -e 's/.*"Config":"//' -e 's/".*//' "$dir/layers/manifest.json")
# Jib's entrypoint is a JSON array of plain words (no spaces, quotes or commas in them)
entrypoint=$(sed -e 's/.*"Entrypoint":\[//' -e 's/\].*//' -e 's/","/ /g' -e 's/"//g' "$dir/layers/$config")
exec unshare -m sh -c '
  set -e
  mount --bind "$0" "$0" && mount -o remount,bind,ro "$0"
  mount -t proc proc "$0/proc"
  mount --rbind /dev "$0/dev"
  mount -t tmpfs -o mode=1777 tmpfs "$0/tmp"
  mount -t tmpfs -o mode=1777 tmpfs "$0/app/data"
  entrypoint=$1
  shift
  exec env -i JAVA_HOME=/opt/java PATH=/opt/java/bin "$@" /usr/bin/unshare --root="$0" --wd=/app --setuid 65532 --setgid 65532 \
    $entrypoint
' "$root" "$entrypoint" "$@"
