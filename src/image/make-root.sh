#!/bin/sh
# Builds what the container image adds on top of `scratch` (Jib's extra directory), from this machine's JDK, offline:
#   /opt/java             a JRE made with jlink (only the modules leadrouter uses)
#   /lib*, /usr/lib*      the shared libraries that JRE links against (glibc, libstdc++, zlib), copied from here
#   /app/routes, /app/mappings, /app/policy   the files the application reads at start (the chart mounts its own)
#   /tmp, /app/data       writable places (a read-only root filesystem mounts emptyDirs or tmpfs there)
# Usage: make-root.sh <output dir> <project dir>. Linux only: the JRE and libraries are this machine's, so the image
# has this machine's architecture (amd64 or arm64).
set -eu
out=$1
project=$2
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,\
java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,jdk.charsets,\
jdk.crypto.ec,jdk.localedata,jdk.management,jdk.naming.dns,jdk.unsupported,jdk.zipfs

if [ "$(uname -s)" != Linux ]; then
  echo "make-root.sh: the image carries this machine's JRE and C library, so it is built on Linux only" >&2
  exit 1
fi
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
rm -rf "$out"
mkdir -p "$out/opt" "$out/tmp" "$out/app/data"
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 \
  --output "$out/opt/java"
# Class data sharing archive of the JRE's own classes (java -Xshare:dump), so start-up maps them instead of parsing.
"$out/opt/java/bin/java" -Xshare:dump -XX:SharedArchiveFile="$out/opt/java/lib/server/classes.jsa" >/dev/null 2>&1 || true

# Every shared library the JRE's executables and libraries need, at the path the dynamic loader looks for it; AWT's
# native libraries (java.beans needs java.desktop, but a headless server never loads them) would pull in X11.
find "$out/opt/java" -type f \( -name '*.so' -o -perm -u+x \) \
  ! -name 'libawt*' ! -name 'libjawt.so' ! -name 'libsplashscreen.so' ! -name 'libjsound.so' ! -name 'libfontmanager.so' \
  ! -name 'liblcms.so' ! -name 'libjavajpeg.so' ! -name 'libmlib_image.so' | while read -r file; do
  ldd "$file" 2>/dev/null || true
done | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u | while read -r lib; do
  case "$lib" in "$out"*) continue ;; esac
  mkdir -p "$out$(dirname "$lib")"
  cp -L "$lib" "$out$lib"
done

cp -R "$project/routes" "$project/mappings" "$project/policy" "$out/app/"
