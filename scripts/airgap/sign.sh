#!/usr/bin/env bash
# Signs an air-gapped bundle built without the key (the release workflow builds it; the key never goes there):
# on the offline signing machine, checks the bundle's checksums, signs its SHA256SUMS with the release's Ed25519
# key (SHA256SUMS.sig inside the bundle), repacks it and rewrites the .tar.gz.sha256 beside it.
#
#   scripts/airgap/sign.sh --key tika-release.key dist/tika-airgap-<version>.tar.gz
#
# The public key operators pin: openssl pkey -in tika-release.key -pubout -out tika-release.pub
set -euo pipefail
key= tarball=
while [ $# -gt 0 ]; do
  case "$1" in
    --key) key=$2; shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    -*) echo "sign: unknown option $1" >&2; exit 2 ;;
    *) tarball=$1 ;;
  esac
  shift
done
[ -f "$key" ] && [ -f "$tarball" ] || { echo "usage: sign.sh --key KEY BUNDLE.tar.gz" >&2; exit 2; }
tarball=$(cd "$(dirname "$tarball")" && pwd)/$(basename "$tarball")
stage=$(mktemp -d); trap 'rm -rf "$stage"' EXIT
tar -xzf "$tarball" -C "$stage"
name=$(ls "$stage")
. "$stage/$name/lib.sh"
bundle_dir=$stage/$name
verify_checksums
openssl pkeyutl -sign -inkey "$key" -rawin -in "$bundle_dir/SHA256SUMS" -out "$bundle_dir/SHA256SUMS.sig"
tar -C "$stage" -cf - "$name" | gzip -"${BUNDLE_GZIP_LEVEL:-6}" >"$tarball.partial"
mv "$tarball.partial" "$tarball"
(cd "$(dirname "$tarball")" && sha256sum "$(basename "$tarball")" >"$(basename "$tarball").sha256")
step "signed $(basename "$tarball") (public key sha256:$(openssl pkey -in "$key" -pubout -outform DER | sha256sum | cut -c1-32))"
