#!/usr/bin/env bash
# Checks where an air-gapped bundle comes from and that it is intact, without Docker and without running anything
# from the bundle being checked: the Ed25519 signature of its SHA256SUMS with the release's public key, every
# checksum, and no file SHA256SUMS does not name.
#
#   ./verify.sh --public-key tika-release.pub [BUNDLE_DIR]     (BUNDLE_DIR: an extracted bundle; default: this one)
#   /opt/tika/airgap/verify.sh BUNDLE_DIR                      (an installation's copy, with the key it pinned)
#
# Run the installation's copy on a new bundle before its upgrade.sh: a tampered bundle could carry a tampered
# upgrade.sh that checks nothing, but cannot change the verifier and key already installed.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
here=$bundle_dir public_key= target=
while [ $# -gt 0 ]; do
  case "$1" in
    --public-key) public_key=$2; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    -*) die "unknown option $1" ;;
    *) target=$1 ;;
  esac
  shift
done
# An installation's copy lives in DIR/airgap/ beside DIR/tika-release.pub.
[ -n "$public_key" ] || [ ! -f "$here/../tika-release.pub" ] || public_key="$here/../tika-release.pub"
[ -n "$public_key" ] || [ ! -f "$here/tika-release.pub" ] || public_key="$here/tika-release.pub"
[ -n "$target" ] && bundle_dir=$(cd "$target" && pwd)
[ -f "$bundle_dir/SHA256SUMS" ] || die "$bundle_dir is not an extracted bundle (no SHA256SUMS)"
verify_origin "$public_key" 0
verify_checksums
step "verified: $bundle_dir ($(cat "$bundle_dir/VERSION" 2>/dev/null || echo '?')) is intact and signed by sha256:$(key_fingerprint "$public_key")"
