#!/usr/bin/env bash
# Install a pinned Argo CD CLI on a CI runner and check it against the release's checksums.
# Usage: install-argocd-cli.sh v2.14.11
set -euo pipefail

version="${1:?usage: $0 <argocd version, e.g. v2.14.11>}"
case "$version" in v[0-9]*.[0-9]*.[0-9]*) ;; *) echo "not a pinned version: $version" >&2; exit 2 ;; esac

base="https://github.com/argoproj/argo-cd/releases/download/${version}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT

curl -fsSL --retry 3 -o "$dir/argocd-linux-amd64" "$base/argocd-linux-amd64"
curl -fsSL --retry 3 -o "$dir/cli_checksums.txt" "$base/cli_checksums.txt"
(cd "$dir" && grep ' argocd-linux-amd64$' cli_checksums.txt | sha256sum --check --strict)

install -m 0755 "$dir/argocd-linux-amd64" /usr/local/bin/argocd 2>/dev/null \
  || sudo install -m 0755 "$dir/argocd-linux-amd64" /usr/local/bin/argocd
argocd version --client --short
