#!/usr/bin/env bash
# `npm run airgap:bundle`: one tarball that installs Tika on a machine with no network access.
#
#   tika-airgap-<version>.tar.gz
#     images.tar                    docker save of the Tika, PostgreSQL and Caddy images (+ EXTRA_IMAGES)
#     docker-compose.production.yml Caddyfile deploy/ scripts/backup.sh scripts/restore.sh .env.selfhost.example
#     bundle.env                    the image names inside images.tar, TIKA_PULL_POLICY=never
#     install.sh upgrade.sh lib.sh  verify signature and checksums, docker load, never pull, up, wait for health
#     verify.sh                     the same checks alone, no Docker (an installation keeps a copy: DIR/airgap/)
#     sbom.cdx.json                 CycloneDX SBOM of the app's npm dependencies (npm sbom)
#     IMAGES                        image name → id → size, VERSION, docs/self-host.md
#     MIGRATIONS                    how many migrations this version ships (upgrade.sh's downgrade check)
#     SHA256SUMS                    of every file above
#     SHA256SUMS.sig                Ed25519 signature of SHA256SUMS with the release key (TIKA_SIGNING_KEY)
#   tika-airgap-<version>.tar.gz.sha256 beside it
#
# Builds the Tika image first (docker build; set TIKA_SKIP_BUILD=1 to bundle an existing TIKA_IMAGE). The other
# images must already be on this machine: this script never pulls (docker pull them on a connected machine).
#
# Environment: TIKA_VERSION (default package.json version, plus -g<commit> unless HEAD is tagged v<version>),
# TIKA_IMAGE (default tika:<version>), POSTGRES_IMAGE, CADDY_IMAGE, NODE_IMAGE (build base), EXTRA_IMAGES
# (space separated, e.g. the redis image), OUT_DIR (default dist/), CA_BUNDLE (a CA file handed to the build as
# the ca_bundle secret, for TLS-intercepting proxies), DOCKER_BUILD_FLAGS, BUNDLE_GZIP_LEVEL (1-9, default 6),
# TIKA_SIGNING_KEY (the release's Ed25519 private key, PEM: `openssl genpkey -algorithm ed25519`; kept offline —
# without it the bundle is unsigned and install.sh refuses it unless --allow-unsigned).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
started=$SECONDS
step() { printf '[bundle %3ss] %s\n' "$((SECONDS - started))" "$*"; }
die() { printf 'bundle: %s\n' "$*" >&2; exit 1; }

command -v docker >/dev/null || die "docker is required"
pkg_version=$(node -p 'require("./package.json").version')
version=${TIKA_VERSION:-}
if [ -z "$version" ]; then
  version=$pkg_version
  if git rev-parse --git-dir >/dev/null 2>&1 && ! git describe --exact-match --tags --match "v$pkg_version" >/dev/null 2>&1; then
    version="$pkg_version-g$(git rev-parse --short=8 HEAD)"
  fi
fi
revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
tika_image=${TIKA_IMAGE:-tika:$version}
postgres_image=${POSTGRES_IMAGE:-postgres:15-bookworm}
caddy_image=${CADDY_IMAGE:-caddy:2-alpine}
out_dir=${OUT_DIR:-$root/dist}
name=tika-airgap-$version

if [ "${TIKA_SKIP_BUILD:-}" != 1 ]; then
  step "building $tika_image"
  secret=()
  [ -n "${CA_BUNDLE:-}" ] && secret=(--secret "id=ca_bundle,src=$CA_BUNDLE")
  # shellcheck disable=SC2086
  DOCKER_BUILDKIT=1 docker build --pull=false ${DOCKER_BUILD_FLAGS:-} "${secret[@]}" \
    ${NODE_IMAGE:+--build-arg NODE_IMAGE="$NODE_IMAGE"} \
    --build-arg VERSION="$version" --build-arg REVISION="$revision" \
    --build-arg CREATED="$(date -u +%FT%TZ)" ${SOURCE_URL:+--build-arg SOURCE="$SOURCE_URL"} \
    -t "$tika_image" . >&2
fi

images=("$tika_image" "$postgres_image" "$caddy_image")
# shellcheck disable=SC2206
[ -n "${EXTRA_IMAGES:-}" ] && images+=(${EXTRA_IMAGES})
for image in "${images[@]}"; do
  docker image inspect "$image" >/dev/null 2>&1 || die "image $image is not on this machine (this script never pulls: docker pull or build it first)"
done

stage=$(mktemp -d "${TMPDIR:-/tmp}/tika-bundle.XXXXXX")
trap 'rm -rf "$stage"' EXIT
dir="$stage/$name"
mkdir -p "$dir/scripts" "$dir/docs"

step "saving ${#images[@]} images"
docker save -o "$dir/images.tar" "${images[@]}"
for image in "${images[@]}"; do
  docker image inspect --format "$image {{.Id}} {{.Size}}" "$image"
done >"$dir/IMAGES"

step "copying the stack definition"
cp docker-compose.production.yml Caddyfile .env.selfhost.example "$dir/"
# Only what the compose stack mounts: Caddy's TLS snippets and PostgreSQL's init script (no Argo CD, no smoke test).
mkdir -p "$dir/deploy"
cp -r deploy/caddy deploy/postgres "$dir/deploy/"
find "$dir/deploy" -name '*.pem' -delete
# The monitoring profile mounts Grafana's dashboard from the chart's copy (one file for Helm and compose).
mkdir -p "$dir/helm/tika" && cp -r helm/tika/dashboards "$dir/helm/tika/dashboards"
cp scripts/backup.sh scripts/restore.sh "$dir/scripts/"
cp scripts/airgap/install.sh scripts/airgap/upgrade.sh scripts/airgap/lib.sh scripts/airgap/verify.sh "$dir/"
cp docs/self-host.md "$dir/docs/" 2>/dev/null || true
chmod +x "$dir"/*.sh "$dir"/scripts/*.sh
echo "$version" >"$dir/VERSION"
# How many migrations this version ships: upgrade.sh refuses a bundle with fewer than the database has applied.
node -p 'require("./drizzle/meta/_journal.json").entries.length' >"$dir/MIGRATIONS"
{
  echo "# Written by scripts/airgap/bundle.sh: the images inside images.tar. install.sh and upgrade.sh apply it to .env."
  echo "TIKA_VERSION=$version"
  echo "TIKA_IMAGE=$tika_image"
  echo "POSTGRES_IMAGE=$postgres_image"
  echo "CADDY_IMAGE=$caddy_image"
  echo "TIKA_PULL_POLICY=never"
} >"$dir/bundle.env"
# The build args baked into the compose file's build section are irrelevant offline; `up --no-build` skips them.

step "SBOM (npm sbom, CycloneDX)"
if [ -d node_modules ]; then
  npm sbom --sbom-format cyclonedx --omit dev --omit optional >"$dir/sbom.cdx.json" 2>/dev/null \
    || npm sbom --sbom-format cyclonedx --omit dev >"$dir/sbom.cdx.json"
else
  die "node_modules is missing: run npm ci first (npm sbom reads the installed tree)"
fi
# npm sbom names package.json's version; the bundle is $version (a release, or <version>-g<commit>).
node -e '
  const fs = require("fs"), [file, version] = process.argv.slice(1), sbom = JSON.parse(fs.readFileSync(file, "utf8"));
  sbom.metadata.component.version = version;
  sbom.metadata.component.name = "tika"; // npm names it after the checkout directory
  if (sbom.metadata.component.purl) sbom.metadata.component.purl = sbom.metadata.component.purl.replace(/@[^?]*/, "@" + encodeURIComponent(version));
  fs.writeFileSync(file, JSON.stringify(sbom, null, 2));' "$dir/sbom.cdx.json" "$version"

step "checksums"
(cd "$dir" && find . -type f ! -name SHA256SUMS | sed 's|^\./||' | sort | xargs sha256sum >SHA256SUMS)
if [ -n "${TIKA_SIGNING_KEY:-}" ]; then
  [ -f "$TIKA_SIGNING_KEY" ] || die "TIKA_SIGNING_KEY: $TIKA_SIGNING_KEY not found"
  openssl pkeyutl -sign -inkey "$TIKA_SIGNING_KEY" -rawin -in "$dir/SHA256SUMS" -out "$dir/SHA256SUMS.sig" \
    || die "could not sign with $TIKA_SIGNING_KEY (an Ed25519 private key in PEM: openssl genpkey -algorithm ed25519)"
  fingerprint=$(openssl pkey -in "$TIKA_SIGNING_KEY" -pubout -outform DER | sha256sum | cut -c1-32)
  step "signed SHA256SUMS (Ed25519, public key sha256:$fingerprint)"
else
  step "WARNING: TIKA_SIGNING_KEY is not set: the bundle is NOT signed (install.sh refuses it unless --allow-unsigned)"
fi

mkdir -p "$out_dir"
step "compressing"
tar -C "$stage" -cf - "$name" | gzip -"${BUNDLE_GZIP_LEVEL:-6}" >"$out_dir/$name.tar.gz.partial"
mv "$out_dir/$name.tar.gz.partial" "$out_dir/$name.tar.gz"
(cd "$out_dir" && sha256sum "$name.tar.gz" >"$name.tar.gz.sha256")
size=$(stat -c %s "$out_dir/$name.tar.gz")
step "done: $out_dir/$name.tar.gz ($(numfmt --to=iec "$size" 2>/dev/null || echo "$size bytes"))"
echo "$out_dir/$name.tar.gz"
