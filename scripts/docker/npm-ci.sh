#!/bin/sh
# The Dockerfile's deps stage: `npm ci` from the lockfile, after checking that the npm registry answers, so a
# build that cannot reach it fails in seconds with the reason instead of retrying silently for many minutes.
# Behind a TLS-intercepting proxy the build needs that proxy's CA: the optional BuildKit secret `ca_bundle`
# (compose passes TIKA_CA_BUNDLE; `docker build --secret id=ca_bundle,src=FILE`), never baked into a layer.
set -eu
if [ -s /run/secrets/ca_bundle ]; then
  export NODE_EXTRA_CA_CERTS=/run/secrets/ca_bundle
  ca="trusting the CA bundle given as the ca_bundle build secret"
else
  ca="with the base image's CAs only (no ca_bundle build secret given)"
fi
registry=$(npm config get registry)
echo "deps: checking that the npm registry $registry answers, $ca"
if ! out=$(npm ping --fetch-retries=0 --fetch-timeout="${NPM_PING_TIMEOUT_MS:-20000}" 2>&1); then
  code=$(printf '%s\n' "$out" | sed -n 's/^npm error code //p' | head -n 1)
  reason=$(printf '%s\n' "$out" | sed -n 's/^npm error request to .* failed, reason: //p' | head -n 1)
  cat >&2 <<MSG
deps: FAILED: the npm registry $registry cannot be reached from this build: ${code:-error}${reason:+ ($reason)}.
  - A certificate error (SELF_SIGNED_CERT_IN_CHAIN, UNABLE_TO_GET_ISSUER_CERT_LOCALLY) means a proxy intercepts
    TLS: set TIKA_CA_BUNDLE in .env to your CA bundle file (docker compose), or build with
    --secret id=ca_bundle,src=/etc/ssl/certs/ca-certificates.crt (docker build).
  - A timeout or ENOTFOUND means no route to the registry: configure the proxy, or skip the build: use the
    published image (TIKA_IMAGE) or the air-gapped bundle. See docs/self-host.md, "The first start".
MSG
  exit 1
fi
echo "deps: npm $(npm -v) ci"
npm ci --no-audit --no-fund --loglevel=warn
