# Tika production image: the Next.js standalone server and the plain-JS operations scripts (migrate, schema check,
# first owner) on a minimal runtime: the node binary and the libraries it links, nothing else — no shell, no
# package manager, no npm — running as uid 1001. Entry point, healthcheck and scripts are all `node …`.
#
#   docker build -t tika:0.1.0 \
#     --build-arg VERSION=0.1.0 --build-arg REVISION=$(git rev-parse HEAD) .
#
# Behind a TLS-intercepting proxy, hand the build its CA bundle as a BuildKit secret (never baked into a layer):
#   DOCKER_BUILDKIT=1 docker build --secret id=ca_bundle,src=/etc/ssl/certs/ca-certificates.crt …
#
# NODE_IMAGE is the base of the build stages and the source of the runtime's node binary and libraries: the
# official image pinned by tag (pin a digest too for reproducible builds: node:24-bookworm-slim@sha256:…), or a
# mirror / stand-in of it. Debian or Alpine both work.
# RUNTIME_BASE is what the runtime filesystem is laid over: scratch (default: nothing else in the image), or a
# distroless-style base (e.g. gcr.io/distroless/cc-debian12) when a policy asks for one.
ARG NODE_IMAGE=node:24-bookworm-slim
ARG RUNTIME_BASE=scratch

# ---- deps: node_modules from the lockfile only (cached until package*.json changes) -------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY scripts/docker/npm-ci.sh /usr/local/bin/tika-npm-ci
# The lockfile lists every platform's packages, so npm ci accepts it as committed; a refusal fails the build.
# tika-npm-ci checks the registry first and explains an unreachable one (proxy CA, no route) in seconds.
RUN --mount=type=secret,id=ca_bundle,required=false \
    --mount=type=cache,target=/root/.npm,sharing=locked \
    tika-npm-ci

# ---- build: next build (standalone) + the scripts' own dependencies traced next to it ------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 NODE_ENV=production
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# After the build: trace the scripts' imports into the standalone folder, then trim what this image never runs:
#  - sharp and its libvips (~20 MB): the image optimizer; Tika serves no next/image
#  - @electric-sql/pglite (~20 MB): the embedded database is for `npm run start:local`; the image runs against
#    PostgreSQL (DATABASE_DRIVER=pg, and docker-start.mjs says so if asked for pglite)
#  - next/dist/server/capsize-font-metrics.json (~4 MB): next/font's build-time metrics; nothing here requires it
#  - .next/server/**/*.nft.json (~5.5 MB, one per route, growing with every route): Next's file-trace manifests,
#    which the build reads to assemble this standalone folder; the server never opens them
#  - the experimental React app runtime (~0.7 MB): no experimental React feature is on. (Next's edge sandbox,
#    compiled/@edge-runtime and compiled/edge-runtime, stays: the Node server requires @edge-runtime/cookies at start
#    — server/web/spec-extension/cookies.js — and without it exits with MODULE_NOT_FOUND.)
#  - the dev dependency list and scripts from the shipped package.json
# .next/cache is a BuildKit cache mount: rebuilds reuse Next's compilation cache, and it never ships.
RUN --mount=type=cache,target=/app/.next/cache,sharing=locked \
    npm run build \
 && node scripts/docker/trace-scripts.mjs .next/standalone scripts/migrate.mjs scripts/check-schema.mjs scripts/backup-s3.mjs scripts/jobs.mjs \
 && mkdir -p .next/standalone/scripts/lib public \
 && cp scripts/migrate.mjs scripts/check-schema.mjs scripts/schema-window.mjs scripts/docker-start.mjs scripts/healthcheck.mjs \
       scripts/create-owner.mjs scripts/seed.mjs scripts/backup-s3.mjs scripts/doctor.mjs scripts/monitoring-config.mjs \
       scripts/jobs.mjs \
       .next/standalone/scripts/ \
 && cp scripts/lib/json-stdio.mjs scripts/lib/backup-runs.mjs .next/standalone/scripts/lib/ \
 && rm -rf .next/standalone/node_modules/@img .next/standalone/node_modules/sharp \
           .next/standalone/node_modules/@electric-sql \
           .next/standalone/node_modules/next/dist/server/capsize-font-metrics.json \
           .next/standalone/node_modules/next/dist/compiled/next-server/app-page-turbo-experimental.runtime.prod.js \
 && find .next/standalone/.next -name '*.nft.json' -delete \
 && node -e "const f='.next/standalone/package.json',p=require('./'+f);delete p.devDependencies;delete p.scripts;require('fs').writeFileSync(f,JSON.stringify(p,null,2))"

# ---- rootfs: node, the libraries it links, passwd/group, /tmp (scripts/docker/rootfs.sh) ----------------------
FROM ${NODE_IMAGE} AS rootfs
ARG STRIP_NODE=1
COPY scripts/docker/rootfs.sh /usr/local/bin/tika-rootfs
RUN STRIP_NODE=${STRIP_NODE} tika-rootfs /rootfs

# ---- runtime -------------------------------------------------------------------------------------------------
FROM ${RUNTIME_BASE} AS runtime
COPY --from=rootfs /rootfs/ /
WORKDIR /app
# HOSTNAME: Docker sets it to the container id, and Next would then listen on that interface only.
ENV PATH=/usr/local/bin \
    NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOSTNAME=0.0.0.0 \
    PORT=3000 \
    DATABASE_DRIVER=pg
# Application files stay owned by root: the process can read its code, not rewrite it.
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
COPY --from=build /app/public ./public
USER 1001:1001
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=4 CMD ["node", "scripts/healthcheck.mjs"]
CMD ["node", "scripts/docker-start.mjs"]

# Labels last, so a new revision does not invalidate the layers above.
ARG NODE_IMAGE
ARG RUNTIME_BASE
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
ARG SOURCE=
ARG CREATED=
LABEL org.opencontainers.image.title="Tika" \
      org.opencontainers.image.description="Multi-tenant kanban with PostgreSQL row-level security, RBAC and an audit log" \
      org.opencontainers.image.licenses="AGPL-3.0-only" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.base.name="${NODE_IMAGE}" \
      io.tika.runtime-base="${RUNTIME_BASE}"
ENV TIKA_VERSION=${VERSION}
