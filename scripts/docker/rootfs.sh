#!/bin/sh
# The Dockerfile's rootfs stage: the runtime image's whole filesystem apart from Tika itself, taken from the node
# stage — the node binary, exactly the shared libraries it links (as ldd lists them, the loader included), an
# /etc/passwd and /etc/group naming uid/gid 1001, /tmp and a writable /app/.next/cache. No shell, no package
# manager, no npm: the runtime runs `node` and nothing else. Works on Debian (glibc) and Alpine (musl) bases.
#   tika-rootfs OUT_DIR        STRIP_NODE=0 keeps node's symbol table (about 18 MB, for native profiling)
set -eu
out=$1
node=$(command -v node)
mkdir -p "$out/usr/local/bin" "$out/etc" "$out/tmp" "$out/app/.next/cache"
cp "$node" "$out/usr/local/bin/node"

if [ "${STRIP_NODE:-1}" = 1 ]; then
  if ! command -v strip >/dev/null 2>&1; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends binutils; } >/dev/null 2>&1 \
      || apk add --no-cache -q binutils >/dev/null 2>&1 || true
  fi
  if command -v strip >/dev/null 2>&1; then
    before=$(wc -c <"$out/usr/local/bin/node")
    strip --strip-all "$out/usr/local/bin/node"
    echo "rootfs: node stripped of symbols and debug info: $before -> $(wc -c <"$out/usr/local/bin/node") bytes"
  else
    echo "rootfs: NOTE: strip is not available (no binutils from the package manager); node keeps its symbols"
  fi
fi

# Every absolute path in ldd's answer is a library node loads (or the loader); copy each with its directory.
ldd "$node" | grep -o '/[^ )]*' | sort -u | while read -r lib; do
  mkdir -p "$out$(dirname "$lib")"
  cp -L "$lib" "$out$lib"
  echo "rootfs: $lib"
done
"$out/usr/local/bin/node" -e 'process.exit(0)'

# Debian: the packages those libraries come from, recorded the way distroless images do (status.d) with
# os-release, so image scanners (Trivy, Grype) still see glibc and libstdc++ and report their CVEs.
if command -v dpkg-query >/dev/null 2>&1; then
  mkdir -p "$out/var/lib/dpkg/status.d"
  cp -L /etc/os-release "$out/etc/os-release"
  ldd "$node" | grep -o '/[^ )]*' | while read -r lib; do
    dpkg -S "$(readlink -f "$lib")" 2>/dev/null || dpkg -S "$lib" 2>/dev/null || true
  done | cut -d: -f1 | sort -u | while read -r pkg; do
    dpkg-query -s "$pkg" >"$out/var/lib/dpkg/status.d/$pkg"
    echo "rootfs: package record $pkg $(dpkg-query -W -f='${Version}' "$pkg")"
  done
fi

# uid/gid 1001 with names: os.userInfo() and friends need a passwd entry. No login shell exists.
printf 'root:x:0:0:root:/root:/sbin/nologin\ntika:x:1001:1001:Tika:/app:/sbin/nologin\n' >"$out/etc/passwd"
printf 'root:x:0:\ntika:x:1001:\n' >"$out/etc/group"
# glibc: /etc/hosts first, then DNS (Docker writes both files into every container).
printf 'hosts: files dns\n' >"$out/etc/nsswitch.conf"
chmod 1777 "$out/tmp"
chown 1001:1001 "$out/app/.next/cache"
