#!/usr/bin/env bash
# `npm run test:selfhost`: proves the self-host deliverables on a real Docker engine, end to end.
#
#  1. engine + base images (stand-ins from ../shared/ci here, the official ones elsewhere), the app image built from this tree, and a "previous
#     version" image built from PREVIOUS_REF (default HEAD~1) — a real older build of older sources
#  2. compose up (unique project, 127.0.0.1 ports, --pull never) → healthy; image facts (uid, no curl/wget, size)
#  3. through Caddy over verified HTTPS: sign up, board, tickets, token; security headers, body limit
#  4. down + up: the data is still there
#  5. backup (encrypted) → wipe every volume → restore → the same rows (counts + md5 of ordered rows)
#  6. 10,000 tickets seeded through SQL (as the owner, through the tenant policies) → backup → restore, timed
#  7. the scheduled backup service writes a dump and applies retention
#  8. a newer schema: migrate and the app refuse it with a clear message, readiness reports it
#  9. air-gapped: bundles of the previous and the current version; every stack image removed; the previous
#     bundle installs with pulls impossible → journey; the current bundle upgrades it in place → data kept
# It fails on the first broken step, prints timings, and removes everything it created.
#
# Environment: PREVIOUS_REF (git ref of the previous version, default HEAD~1), TIKA_SELFHOST_KEEP=1 (leave the
# last stack and work dir for inspection), SHARED_CI (default ../shared/ci from the repo root), SELFHOST_IMAGES
# (standin | official; default standin when SHARED_CI has the helpers, else official).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
shared=${SHARED_CI:-$root/../shared/ci}
suite_started=$SECONDS
run_id=$(date +%H%M%S)$$
project=tikast$run_id
site_project=tikastsite$run_id
work=$(mktemp -d "${TMPDIR:-/tmp}/tika-selfhost.XXXXXX")
mkdir -p "$work/backups"
declare -a timings=() created_images=() removed_base=()
declare -A figures=()
export DOCKER_BUILDKIT=1

step() { printf '\n=== [%4ss] %s\n' "$((SECONDS - suite_started))" "$*"; }
fail() { printf '\nSELFHOST SUITE FAILED: %s\n' "$*" >&2; exit 1; }
timed() { # NAME command…: runs it, records the seconds
  local name=$1 t0; shift
  t0=$(date +%s.%N)
  "$@"
  local secs; secs=$(echo "$(date +%s.%N) $t0" | awk '{printf "%.1f", $1 - $2}')
  timings+=("$(printf '%-44s %7ss' "$name" "$secs")")
  last_seconds=$secs
}

# ---- cleanup: everything this run created ---------------------------------------------------------------------
site_dir="$work/site"
cleanup() {
  local status=$?
  set +e
  if [ -n "${prev_pid:-}" ] && kill -0 "$prev_pid" 2>/dev/null; then
    for child in $(ps -o pid= --ppid "$prev_pid"); do kill "$child" 2>/dev/null; done
    kill "$prev_pid" 2>/dev/null; wait "$prev_pid" 2>/dev/null
  fi
  if [ "${TIKA_SELFHOST_KEEP:-}" = 1 ]; then
    echo "TIKA_SELFHOST_KEEP=1: leaving projects $project / $site_project and $work"
  else
    docker compose -p "$project" -f "$root/docker-compose.production.yml" --env-file "$work/stack.env" --profile backup down -v --remove-orphans >/dev/null 2>&1
    [ -f "$site_dir/.env" ] && docker compose -p "$site_project" --project-directory "$site_dir" -f "$site_dir/docker-compose.production.yml" --env-file "$site_dir/.env" --profile backup down -v --remove-orphans >/dev/null 2>&1
    # base images removed for the air-gapped install come back from the bundle, if the install did not already
    for image in "${removed_base[@]}"; do
      docker image inspect "$image" >/dev/null 2>&1 || { [ -f "$work/current/images.tar" ] && docker load -i "$work/current/images.tar" >/dev/null; }
      docker image inspect "$image" >/dev/null 2>&1 || echo "WARNING: $image is gone; rebuild it ($shared/base-images/build-all.sh) or pull it" >&2
    done
    for image in "${created_images[@]}"; do docker rmi -f "$image" >/dev/null 2>&1; done
    rm -rf "$work"
    stop_engine_if_started
  fi
  printf '\n=== timings\n'; printf '%s\n' "${timings[@]}"
  printf '\n=== figures\n'; for k in "${!figures[@]}"; do printf '%-44s %s\n' "$k" "${figures[$k]}"; done | sort
  printf '\nsuite: %ss, %s\n' "$((SECONDS - suite_started))" "$([ $status = 0 ] && echo PASSED || echo FAILED)"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The engine is stopped at the end only when this run started it (a developer's running engine is left alone).
stop_engine_if_started() {
  [ "$engine_started_here" = 1 ] && [ -f /var/run/docker.pid ] || return 0
  local pid
  pid=$(cat /var/run/docker.pid)
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || { echo "Docker engine (pid $pid) stopped: this run started it"; return 0; }; sleep 1; done
  echo "WARNING: dockerd (pid $pid) did not stop within 30 s" >&2
}

# ---- 1. engine, base images, the two app images ---------------------------------------------------------------
# Base images: on the team's machines (no container registry; ../shared/ci beside the repository) the honest
# stand-ins tika-ci/*, built locally; anywhere else (GitHub's runners) the official images the stack names by
# default, pulled once. SELFHOST_IMAGES=standin|official chooses explicitly.
images_mode=${SELFHOST_IMAGES:-$([ -x "$shared/docker-engine.sh" ] && echo standin || echo official)}
engine_started_here=0
docker info >/dev/null 2>&1 || engine_started_here=1
case "$images_mode" in
  standin)
    step "Docker engine and stand-in base images ($shared)"
    [ -x "$shared/docker-engine.sh" ] || fail "$shared/docker-engine.sh not found (set SHARED_CI, or SELFHOST_IMAGES=official)"
    timed "engine" "$shared/docker-engine.sh"
    command -v debootstrap >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
    node_image=tika-ci/node:24 postgres_image=tika-ci/postgres:15 caddy_image=tika-ci/caddy:2
    base_before=$(docker images --format '{{.Repository}}:{{.Tag}}' | grep '^tika-ci/' || true)
    timed "base images (build-all, skips existing)" "$shared/base-images/build-all.sh"
    for image in "$node_image" "$postgres_image" "$caddy_image"; do
      docker image inspect "$image" >/dev/null || fail "base image $image missing"
      grep -qx "$image" <<<"$base_before" || created_images+=("$image")   # built by this run: removed at the end
    done
    ;;
  official)
    # The defaults of the Dockerfile and the compose file: what an operator on the internet pulls.
    eval "$(bash scripts/ci/stack-images.sh)"
    node_image=$NODE_IMAGE postgres_image=$POSTGRES_IMAGE caddy_image=$CADDY_IMAGE
    step "Docker engine and the official base images ($node_image, $postgres_image, $caddy_image)"
    docker info >/dev/null 2>&1 || fail "no Docker engine answers (docker info)"
    for image in "$node_image" "$postgres_image" "$caddy_image"; do
      docker image inspect "$image" >/dev/null 2>&1 || timed "pull $image" docker pull -q "$image"
    done
    ;;
  *) fail "SELFHOST_IMAGES must be standin or official" ;;
esac
# A TLS-intercepting proxy's CA for npm inside the build, when this machine has one (an optional build secret).
ca_args=()
[ -s /etc/ssl/certs/ca-certificates.crt ] && ca_args=(--secret id=ca_bundle,src=/etc/ssl/certs/ca-certificates.crt)

version=$(node -p 'require("./package.json").version')
head_rev=$(git rev-parse HEAD)
previous_ref=${PREVIOUS_REF:-HEAD~1}
prev_rev=$(git rev-parse "$previous_ref^{commit}") || fail "PREVIOUS_REF $previous_ref is not a commit"
dirty=$([ -z "$(git status --porcelain --untracked-files=no)" ] || echo -dirty)
current_tag="$version-g$(git rev-parse --short=8 HEAD)$dirty"
previous_tag="$version-g$(git rev-parse --short=8 "$prev_rev")"
current_image="tika-selfhost-$run_id:$current_tag"
previous_image="tika-selfhost-$run_id:$previous_tag"
created_images+=("$current_image" "$previous_image")
build() { # image context revision version
  docker build --network host --pull=false "${ca_args[@]}" \
    --build-arg NODE_IMAGE="$node_image" --build-arg VERSION="$4" --build-arg REVISION="$3" \
    --build-arg CREATED="$(date -u +%FT%TZ)" -t "$1" "$2" >"$work/build-$4.log" 2>&1 \
    || { tail -40 "$work/build-$4.log" >&2; fail "docker build of $4 failed (log above)"; }
}
step "app image of this tree: $current_image"
timed "build current image" build "$current_image" "$root" "$head_rev" "$current_tag"
figures["image build, current (s)"]=$last_seconds

step "previous version: $previous_ref = $prev_rev (built and bundled in the background while the stack is tested)"
mkdir -p "$work/prev-src" "$work/dist"
git archive "$prev_rev" | tar -x -C "$work/prev-src"
# An older commit may predate the self-host files: add the ones it lacks (never replace its own).
for f in Dockerfile .dockerignore scripts/docker-start.mjs scripts/check-schema.mjs scripts/schema-window.mjs scripts/healthcheck.mjs \
         scripts/create-owner.mjs scripts/docker/trace-scripts.mjs; do
  [ -e "$work/prev-src/$f" ] || { mkdir -p "$work/prev-src/$(dirname "$f")"; cp "$f" "$work/prev-src/$f"; echo "  (previous tree lacks $f: using this tree's)"; }
done
# The release's signing key (issue #12 finding 8d): both bundles are signed with it; the install pins its public key.
openssl genpkey -algorithm ed25519 -out "$work/release.key" 2>/dev/null
openssl pkey -in "$work/release.key" -pubout -out "$work/release.pub"
bundle() { # image version outdir [gzip level]
  TIKA_SIGNING_KEY="$work/release.key" TIKA_SKIP_BUILD=1 TIKA_IMAGE="$1" TIKA_VERSION="$2" POSTGRES_IMAGE="$postgres_image" CADDY_IMAGE="$caddy_image" \
    BUNDLE_GZIP_LEVEL="${4:-6}" OUT_DIR="$3" bash scripts/airgap/bundle.sh >"$work/bundle-$2.log" 2>&1 || { cat "$work/bundle-$2.log"; fail "bundle $2"; }
}
(
  t0=$SECONDS; build "$previous_image" "$work/prev-src" "$prev_rev" "$previous_tag"; t1=$SECONDS
  # a test fixture: fastest compression (the current bundle below is measured at the default level)
  bundle "$previous_image" "$previous_tag" "$work/dist" 1; t2=$SECONDS
  printf '%s\n' "$((t1 - t0))" "$((t2 - t1))" >"$work/prev-job.times"
) >"$work/prev-job.log" 2>&1 &
prev_pid=$!

size=$(docker image inspect --format '{{.Size}}' "$current_image")
compressed=$(docker save "$current_image" | gzip -1 | wc -c)
figures["image size (uncompressed)"]="$((size / 1000000)) MB (runtime: node + its libraries; node image $node_image is $(( $(docker image inspect --format '{{.Size}}' "$node_image") / 1000000 )) MB)"
figures["image size (docker save | gzip)"]="$((compressed / 1000000)) MB"

step "image facts"
# The runtime is node and the libraries it links, nothing else: every check runs node itself (there is no shell).
in_image() { docker run --rm --network none --entrypoint node "$current_image" "$@"; }
[ "$(in_image -p 'process.getuid() + ":" + process.getgid()')" = 1001:1001 ] || fail "the image does not run as 1001:1001"
in_image -e '
  const fs = require("fs");
  const tools = ["/bin/sh", "/bin/bash", "/bin/busybox", "/usr/bin/curl", "/usr/bin/wget", "/usr/bin/apt-get", "/sbin/apk",
    "/usr/bin/dpkg", "/usr/local/bin/npm", "/usr/local/lib/node_modules", "/usr/local/include"].filter((p) => fs.existsSync(p));
  if (tools.length) { console.error("present in the runtime: " + tools.join(" ")); process.exit(1); }
  const needed = ["scripts/migrate.mjs", "scripts/docker-start.mjs", "scripts/healthcheck.mjs", "scripts/lib/json-stdio.mjs",
    "drizzle/meta/_journal.json", "node_modules/drizzle-orm", "node_modules/pg", "server.js"].filter((p) => !fs.existsSync(p));
  if (needed.length) { console.error("missing from the image: " + needed.join(" ")); process.exit(2); }
  if (require("os").userInfo().username !== "tika") process.exit(3);
' || fail "the runtime has tools it should not, lacks a file it needs, or has no passwd entry for 1001"
size_limit=$((150 * 1000 * 1000))
[ "$size" -le "$size_limit" ] || fail "image is $((size / 1000000)) MB, over the 150 MB budget"
labels=$(docker image inspect --format '{{index .Config.Labels "org.opencontainers.image.version"}} {{index .Config.Labels "org.opencontainers.image.revision"}}' "$current_image")
[ "$labels" = "$current_tag $head_rev" ] || fail "OCI labels: $labels"
docker history --no-trunc --format '{{.CreatedBy}}' "$current_image" | grep -qiE 'BEGIN CERTIFICATE|ca_bundle,src' && fail "the CA bundle leaked into a layer"
echo "uid 1001 (tika), no shell/package manager/npm/curl/wget, app files present, $((size / 1000000)) MB, OCI labels $labels, no secret in history"

# ---- 2. compose up ---------------------------------------------------------------------------------------------
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
https_port=$(free_port); http_port=$(free_port)
secret() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
cat >"$work/stack.env" <<ENV
COMPOSE_PROJECT_NAME=$project
TIKA_IMAGE=$current_image
POSTGRES_IMAGE=$postgres_image
CADDY_IMAGE=$caddy_image
TIKA_PULL_POLICY=never
DOMAIN=localhost
APP_URL=https://localhost:$https_port
TIKA_BIND_ADDRESS=127.0.0.1
HTTP_PORT=$http_port
HTTPS_PORT=$https_port
POSTGRES_PASSWORD=$(secret)
TIKA_DB_OWNER_PASSWORD=$(secret)
TIKA_DB_RUNTIME_PASSWORD=$(secret)
TIKA_DB_AUTH_PASSWORD=$(secret)
BETTER_AUTH_SECRET=$(secret)
BACKUP_DIR=$work/backups
BACKUP_PASSPHRASE=$(secret)
BACKUP_KEEP=50
ENV
dc() { docker compose --progress quiet -p "$project" -f "$root/docker-compose.production.yml" --env-file "$work/stack.env" "$@"; }
export TIKA_COMPOSE_FILE="$root/docker-compose.production.yml" TIKA_ENV_FILE="$work/stack.env"
base_url="https://localhost:$https_port"
ca="$work/caddy-root.crt"
journey() { # command args… — HTTPS verified against the running Caddy's root CA
  local tries=0
  until dc cp caddy:/data/caddy/pki/authorities/local/root.crt "$ca" >/dev/null 2>&1; do
    tries=$((tries + 1)); [ "$tries" -lt 120 ] || fail "could not read Caddy's root CA"; sleep 1
  done
  NODE_EXTRA_CA_CERTS="$ca" NODE_OPTIONS=--dns-result-order=ipv4first node tests/selfhost/journey.mjs "$1" --base "$base_url" "${@:2}" \
    || fail "journey $1"
}
psql_su() { dc exec -T postgres psql -X -q -t -A -v ON_ERROR_STOP=1 -U postgres -d tika "$@"; }
fingerprint() { # counts + md5 of every Tika table's rows in a stable order (as superuser: no RLS filtering)
  psql_su <<'SQL'
SELECT string_agg(format('%s=%s', t, n), ' ' ORDER BY t) FROM (
  SELECT 'users' t, count(*) n FROM users UNION ALL SELECT 'workspaces', count(*) FROM workspaces
  UNION ALL SELECT 'boards', count(*) FROM boards UNION ALL SELECT 'columns', count(*) FROM columns
  UNION ALL SELECT 'tickets', count(*) FROM tickets UNION ALL SELECT 'audit_logs', count(*) FROM audit_logs
  UNION ALL SELECT 'api_tokens', count(*) FROM api_tokens) c;
SELECT 'tickets_md5=' || md5(coalesce(string_agg(t::text, E'\n' ORDER BY t.tenant_id, t.id), '')) FROM tickets t;
SELECT 'audit_md5=' || md5(coalesce(string_agg(a::text, E'\n' ORDER BY a.seq), '')) FROM audit_logs a;
SQL
}
wait_ready() { journey ready --timeout "${1:-240}"; }

step "compose up (project $project, https://localhost:$https_port on 127.0.0.1)"
dc config -q || fail "compose config is invalid"
up_started=$(date +%s.%N)
timed "compose up -d" dc up -d --pull never --no-build
timed "up → healthy through Caddy" wait_ready
figures["up → healthy (s)"]=$(echo "$(date +%s.%N) $up_started" | awk '{printf "%.1f", $1 - $2}')
[ "$(dc exec -T app node -p 'process.getuid()')" = 1001 ] || fail "the app container does not run as 1001"
dc exec -T postgres psql -X -t -A -U postgres -d tika -c "select rolsuper or rolbypassrls from pg_roles where rolname='tika_runtime'" | grep -qx f \
  || fail "the runtime role is privileged"
dc logs migrate | grep -q '"component":"migrate".*applied, database at migration' || fail "the migrate service did not report"

step "API journey through Caddy (verified TLS)"
timed "journey: sign up, board, 25 tickets, token" journey create --state "$work/journey.json" --tickets 25
timed "edge: headers, CSP, body limit, redirect" journey edge --state "$work/journey.json" --http-base "http://localhost:$http_port"
# 11 MB to the anonymous auth endpoint (the app answers before reading a body): 413 from Caddy, over HTTP/1.1 and
# HTTP/2, announced or chunked — never a 502 or a stream reset without an answer. The status is what counts: Caddy
# (Go's HTTP/2 server) answers 413 and then resets the stream to stop the upload; on a busy machine that reset can
# reach curl before the 22-byte body does (curl exit 18 "transfer closed with 22 bytes remaining", 4 of 40 tries at
# load 25 with a bare Caddy 2.6), which is not a failure of the limit.
head -c $((11 * 1024 * 1024)) /dev/zero >"$work/big.bin"
for mode in --http1.1 --http2 chunked; do
  extra=(); [ "$mode" = chunked ] && extra=(--http2 -H 'Transfer-Encoding: chunked') || extra=("$mode")
  code=$(curl -sS --cacert "$ca" --resolve "localhost:$https_port:127.0.0.1" "${extra[@]}" -o /dev/null -w '%{http_code}' \
    -X POST -H 'content-type: application/json' --data-binary @"$work/big.bin" "$base_url/api/auth/sign-in/email" \
    2>"$work/big.err") || true
  [ "$code" = 413 ] || fail "11 MB to /api/auth/sign-in/email ($mode): '$code' ($(cat "$work/big.err")), expected 413"
done
echo "413 for 11 MB over HTTP/1.1, HTTP/2 and chunked"
# Caddy starts once the app is healthy and Docker runs its first health probe one interval (10 s) later, so the
# journey above can finish while the status is still "starting": wait for the verdict, as an operator would.
caddy_health=starting
for _ in $(seq 1 60); do
  caddy_health=$(docker inspect --format '{{.State.Health.Status}}' "$(dc ps -q caddy)")
  [ "$caddy_health" = starting ] || break
  sleep 1
done
[ "$caddy_health" = healthy ] || fail "caddy's healthcheck says $caddy_health"
timed "first owner from the CLI (create-owner.mjs)" dc run --rm --no-deps -T app node scripts/create-owner.mjs --email cli-owner@selfhost.test --json >"$work/owner.json"
grep -q '"role":"owner"' "$work/owner.json" || fail "create-owner did not create an owner: $(cat "$work/owner.json")"

# ---- 4. down + up ----------------------------------------------------------------------------------------------
step "down and up again: data survives"
before=$(fingerprint)
timed "compose down" dc down
timed "compose up -d (restart)" dc up -d --pull never --no-build
timed "restart → healthy" wait_ready
journey verify --state "$work/journey.json" --tickets 25
# the move in verify changed one ticket; compare what must not change
after=$(fingerprint)
[ "$(head -1 <<<"$before" | sed 's/audit_logs=[0-9]*//')" = "$(head -1 <<<"$after" | sed 's/audit_logs=[0-9]*//')" ] || fail "row counts changed across down/up: $before / $after"

step "a crash restarts the app; docker kill is a manual stop, and one command brings it back"
app_id=$(dc ps -q app)
restarts_before=$(docker inspect --format '{{.RestartCount}}' "$app_id")
# The server process dies (SIGKILL from the host, as the kernel's OOM killer would end it): the restart policy acts.
# docker-init is PID 1; the server is its child (Next renames it "next-server (vX)", so match on not-init).
node_pid=$(docker top "$app_id" -o pid,args | awk 'NR > 1 && !/docker-init/ {print $1; exit}')
[ -n "$node_pid" ] || { docker top "$app_id" -o pid,args; fail "no node process in the app container"; }
kill -KILL "$node_pid"
deadline=$((SECONDS + 90))
until [ "$(docker inspect --format '{{.RestartCount}}' "$app_id")" -gt "$restarts_before" ]; do
  [ "$SECONDS" -lt "$deadline" ] || { docker inspect --format '{{json .State}} restarts={{.RestartCount}}' "$app_id"; fail "the app did not restart after its process was killed"; }
  sleep 1
done
echo "the app's process was killed (host pid $node_pid): restarted by the policy ($(docker inspect --format '{{.RestartCount}}' "$app_id") restart)"
timed "crash → restarted → healthy" wait_ready
docker kill "$app_id" >/dev/null
sleep 10
[ "$(docker inspect --format '{{.State.Status}}' "$app_id")" = exited ] || fail "docker kill: expected the app to stay down (a manual stop)"
echo "docker kill: the app stays down (restart: unless-stopped treats it as a manual stop), as docs/self-host.md says"
timed "recovery: docker compose up -d" dc up -d --pull never --no-build
wait_ready

# ---- 5. backup → wipe → restore ----------------------------------------------------------------------------------
step "backup (encrypted) → wipe the volumes → restore"
dc stop app caddy >/dev/null
before=$(fingerprint)
timed "backup (small, encrypted)" scripts/backup.sh
ls "$work/backups"/tika-*.dump.enc >/dev/null 2>&1 || fail "no encrypted dump was written"
if head -c 5 "$work/backups"/tika-*.dump.enc | grep -q PGDMP; then fail "the dump is not encrypted"; fi
# private (issue #12 finding 8b): the directory 0700, every file 0600, owned by the app's uid (its doctor reads them)
modes=$(stat -c '%a %u' "$work/backups" "$work/backups"/tika-* | sort -u | tr '\n' ' ')
[ "$modes" = "600 1001 700 1001 " ] || fail "backup files are not private: modes and owners [$modes], expected 0600/0700 owned by 1001"
timed "wipe (down -v)" dc down -v
dc up -d --pull never --no-build postgres >/dev/null
timed "restore (small)" scripts/restore.sh latest --yes
after=$(fingerprint)
[ "$before" = "$after" ] || fail "restored rows differ: before [$before] after [$after]"
echo "same rows: $after"
dc up -d --pull never --no-build >/dev/null
wait_ready
journey verify --state "$work/journey.json" --tickets 25

step "restore refuses while the app is connected"
journey ready >/dev/null   # the app's pool holds connections right after serving
if scripts/restore.sh latest --yes >"$work/refuse.log" 2>&1; then fail "restore went ahead while the app was connected"; fi
grep -q "is in use by" "$work/refuse.log" || { cat "$work/refuse.log"; fail "restore refused for the wrong reason"; }
echo "refused: $(grep -m1 REFUSED "$work/refuse.log")"

# ---- 6. 10,000 tickets ---------------------------------------------------------------------------------------------
step "10,000 tickets through SQL as the owner (tenant policies apply) → backup → restore, timed"
ws=$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1])).workspaceId' "$work/journey.json")
board=$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1])).boardId' "$work/journey.json")
column=$(psql_su -c "select id from columns where board_id = '$board' order by position limit 1")
owner_pw=$(grep '^TIKA_DB_OWNER_PASSWORD=' "$work/stack.env" | cut -d= -f2)
seed_sql() { # COPY is not allowed under row-level security: one INSERT … SELECT over an array of position keys
  node --input-type=module -e '
    import { generateNKeysBetween } from "fractional-indexing";
    const [ws, board, column, n, last] = process.argv.slice(1);
    const keys = generateNKeysBetween(last || null, null, Number(n));
    console.log([
      "\\o /dev/null",
      "BEGIN;",
      `SELECT set_config($$role$$, $$tika_app$$, true), set_config($$app.tenant_id$$, $$${ws}$$, true);`,
      "INSERT INTO tickets (tenant_id, board_id, column_id, title, description, priority, labels, position)",
      `SELECT $$${ws}$$::uuid, $$${board}$$::uuid, $$${column}$$::uuid, $$Bulk ticket $$ || i, $$Seeded row $$ || i,`,
      "       (ARRAY[$$none$$, $$low$$, $$medium$$, $$high$$, $$urgent$$])[1 + i % 5], ARRAY[$$bulk$$], k",
      `  FROM unnest($$${"{" + keys.join(",") + "}"}$$::text[]) WITH ORDINALITY AS u(k, i);`,
      "COMMIT;",
    ].join("\n"));
  ' "$ws" "$board" "$column" 10000 "$(psql_su -c "select max(position) from tickets where column_id = '$column'")"
}
seed_sql >"$work/seed.sql"
timed "seed 10,000 tickets (SQL as tika_owner)" bash -c "docker compose -p '$project' -f '$root/docker-compose.production.yml' --env-file '$work/stack.env' exec -T -e PGPASSWORD='$owner_pw' postgres psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U tika_owner -d tika <'$work/seed.sql'"
count=$(psql_su -c "select count(*) from tickets where board_id = '$board'")
[ "$count" = 10025 ] || fail "expected 10,025 tickets on the board, found $count"
dc stop app caddy >/dev/null
before=$(fingerprint)
timed "backup (10,025 tickets, encrypted)" scripts/backup.sh
figures["backup 10k tickets (s)"]=$last_seconds
figures["dump size, 10k tickets"]="$(stat -c %s "$(ls -1 "$work/backups"/tika-*.dump.enc | sort | tail -1)") bytes"
timed "restore (10,025 tickets, encrypted)" scripts/restore.sh latest --yes
figures["restore 10k tickets, restore.sh total (s)"]=$last_seconds
after=$(fingerprint)
[ "$before" = "$after" ] || fail "restored rows differ after the 10k restore: [$before] vs [$after]"
rto_started=$(date +%s.%N)
dc up -d --pull never --no-build >/dev/null
wait_ready
figures["RTO part 2: app back after restore (s)"]=$(echo "$(date +%s.%N) $rto_started" | awk '{printf "%.1f", $1 - $2}')
journey verify --state "$work/journey.json" --tickets 10025

# ---- 7. scheduled backups ----------------------------------------------------------------------------------------
step "scheduled backup service (interval 5 s, keep 3)"
rm -f "$work/backups/.last-success"
BACKUP_INTERVAL=5 BACKUP_KEEP=3 BACKUP_AT= dc --profile backup up -d --pull never --no-build backup >/dev/null
scheduled_done() { dc --profile backup logs backup 2>/dev/null | grep -c 'backup: done:' || true; }
deadline=$((SECONDS + 120))
until [ "$(scheduled_done)" -ge 2 ]; do   # two scheduled dumps on top of the two above: retention must prune
  [ "$SECONDS" -lt "$deadline" ] || { dc --profile backup logs backup | tail -20; fail "the scheduled service did not write two backups in 120 s"; }
  sleep 2
done
dc --profile backup logs backup | grep -E 'scheduled|done|retention' | tail -6
kept=$(ls -1 "$work/backups"/tika-*.meta | wc -l)
[ "$kept" -le 3 ] || fail "retention kept $kept dumps, expected at most 3"
dc --profile backup logs backup | grep -q 'retention (3): removed' || fail "retention removed nothing"
dc --profile backup exec -T backup bash /opt/tika/backup.sh --check-recent || fail "the backup healthcheck fails right after a backup"
dc --profile backup stop backup >/dev/null
dc --profile backup rm -f backup >/dev/null

# ---- 8. newer schema -------------------------------------------------------------------------------------------
step "a database newer than the build is refused"
psql_su -c "insert into drizzle.__drizzle_migrations (hash, created_at) values ('selfhost-suite-future', 9999999999999)"
set +e
dc run --rm --no-deps -T app >"$work/newer.log" 2>&1; code=$?
dc run --rm --no-deps -T migrate >"$work/newer-migrate.log" 2>&1; mcode=$?
set -e
[ "$code" = 64 ] && grep -q "database schema is newer than this build" "$work/newer.log" || { cat "$work/newer.log"; fail "the app did not refuse a newer schema (exit $code)"; }
[ "$mcode" != 0 ] && grep -q "newer than this build" "$work/newer-migrate.log" || { cat "$work/newer-migrate.log"; fail "migrate did not refuse a newer schema"; }
dc exec -T app node -e 'fetch("http://127.0.0.1:3000/api/health/ready").then(async r=>{const b=await r.text();console.log(r.status,b);process.exit(r.status===503&&b.includes("newer than this build")?0:1)})' \
  || fail "readiness does not report the newer schema"
echo "app: $(grep -m1 'refusing' "$work/newer.log")"
psql_su -c "delete from drizzle.__drizzle_migrations where hash = 'selfhost-suite-future'"
timed "compose down -v (first stack)" dc --profile backup down -v --remove-orphans

# ---- 9. air-gapped bundles, install with pulls impossible, upgrade ---------------------------------------------------
step "air-gapped bundle of this tree (npm run airgap:bundle); waiting for the previous version's"
timed "bundle current ($current_tag)" bundle "$current_image" "$current_tag" "$work/dist"
figures["bundle build (s)"]=$last_seconds
wait "$prev_pid" || { cat "$work/prev-job.log" >&2; fail "building or bundling the previous version failed (log above)"; }
prev_pid=
{ read -r prev_build; read -r prev_bundle; } <"$work/prev-job.times"
timings+=("$(printf '%-44s %7ss' "build previous image (background)" "$prev_build")" "$(printf '%-44s %7ss' "bundle previous, gzip -1 (background)" "$prev_bundle")")
figures["image build, previous (s, concurrent)"]=$prev_build
current_tar="$work/dist/tika-airgap-$current_tag.tar.gz"
previous_tar="$work/dist/tika-airgap-$previous_tag.tar.gz"
figures["bundle size"]="$(( $(stat -c %s "$current_tar") / 1000000 )) MB ($(basename "$current_tar"))"
(cd "$work/dist" && sha256sum -c --quiet "$(basename "$current_tar").sha256") || fail "bundle checksum file"
mkdir -p "$work/current" "$work/previous"
tar -xzf "$current_tar" -C "$work/current" --strip-components=1
tar -xzf "$previous_tar" -C "$work/previous" --strip-components=1
for f in images.tar docker-compose.production.yml Caddyfile .env.selfhost.example install.sh upgrade.sh SHA256SUMS SHA256SUMS.sig verify.sh sbom.cdx.json \
         scripts/backup.sh scripts/restore.sh deploy/postgres/initdb/10-tika-roles.sh deploy/postgres/initdb/tika-roles.psql bundle.env; do
  [ -f "$work/current/$f" ] || fail "the bundle lacks $f"
done
node -e 'const s=JSON.parse(require("fs").readFileSync(process.argv[1]));if(s.bomFormat!=="CycloneDX"||!s.components.length)process.exit(1);if(s.metadata.component.version!==process.argv[2]||s.metadata.component.name!=="tika"){console.error(`SBOM names ${s.metadata.component.name} ${s.metadata.component.version}`);process.exit(2)}console.log(`SBOM: CycloneDX ${s.specVersion}, ${s.components.length} components, tika ${process.argv[2]}`)' "$work/current/sbom.cdx.json" "$current_tag" \
  || fail "the SBOM is not CycloneDX or does not name this bundle's version"
[ -e "$work/current/deploy/argocd" ] || [ -e "$work/current/deploy/smoke-test.sh" ] && fail "the bundle ships deploy files the stack does not use"

step "remove every image the stack uses, then install the previous bundle with pulls impossible"
for image in "$postgres_image" "$caddy_image"; do
  if docker rmi "$image" >/dev/null 2>&1; then removed_base+=("$image"); else
    echo "  $image is in use by another container on this engine: left in place (its name still comes from the bundle's docker load)"
  fi
done
docker rmi "$current_image" "$previous_image" >/dev/null
for image in "$current_image" "$previous_image" "${removed_base[@]}"; do
  docker image inspect "$image" >/dev/null 2>&1 && fail "$image is still present"
done
site_https=$(free_port); site_http=$(free_port)
events_since=$(date +%s)
site_dc() { docker compose --progress quiet -p "$site_project" --project-directory "$site_dir" -f "$site_dir/docker-compose.production.yml" --env-file "$site_dir/.env" "$@"; }
install_started=$(date +%s.%N)
timed "install.sh (previous bundle, load + up + healthy)" "$work/previous/install.sh" --dir "$site_dir" --project "$site_project" \
  --bind 127.0.0.1 --https-port "$site_https" --http-port "$site_http" --timeout 300 --public-key "$work/release.pub"
figures["air-gapped install → healthy (s)"]=$last_seconds
[ "$(grep '^TIKA_PULL_POLICY=' "$site_dir/.env")" = TIKA_PULL_POLICY=never ] || fail "the bundle's .env does not forbid pulls"
pulls=$(docker events --since "$events_since" --until "$(date +%s)" --filter type=image --filter event=pull --format '{{.Actor.ID}}' | wc -l)
[ "$pulls" = 0 ] || fail "$pulls image pull(s) happened during the air-gapped install"
for image in "${removed_base[@]}"; do docker image inspect "$image" >/dev/null || fail "$image did not come back from the bundle"; done
project_saved=$project; project=$site_project
dc() { site_dc "$@"; }
base_url="https://localhost:$site_https"
wait_ready
timed "journey on the installed bundle" journey create --state "$work/site.json" --tickets 10
before=$(fingerprint)

step "upgrade in place with the current bundle"
cmp -s "$site_dir/tika-release.pub" "$work/release.pub" || fail "install.sh did not pin the release key"
# the installation's own verifier, with the key it pinned, checks the new bundle before anything of it runs
"$site_dir/airgap/verify.sh" "$work/current" || fail "the installation's verify.sh refused the current bundle"
timed "upgrade.sh (backup + load + migrate + healthy)" "$work/current/upgrade.sh" --dir "$site_dir" --timeout 300
figures["air-gapped upgrade → healthy (s)"]=$last_seconds
ls "$site_dir/backups"/tika-*.meta >/dev/null 2>&1 || fail "upgrade.sh took no backup first"
grep -q '^BACKUP_PASSPHRASE=[0-9a-f]\{64\}$' "$site_dir/.env" || fail "the installer generated no BACKUP_PASSPHRASE"
ls "$site_dir/backups"/tika-*.dump.enc >/dev/null 2>&1 || ls "$site_dir/backups"/tika-*.dump.gpg >/dev/null 2>&1 \
  || fail "the pre-upgrade backup is not encrypted"
[ "$(stat -c %a "$site_dir/backups")" = 700 ] || fail "the installation's backup directory is not 0700"
running=$(docker inspect --format '{{index .Config.Labels "org.opencontainers.image.revision"}}' "$(site_dc ps -q app)")
[ "$running" = "$head_rev" ] || fail "after the upgrade the app runs revision $running, not $head_rev"
wait_ready
after=$(fingerprint)
[ "$(head -1 <<<"$before")" = "$(head -1 <<<"$after")" ] && [ "$(sed -n 2p <<<"$before")" = "$(sed -n 2p <<<"$after")" ] \
  || fail "data changed across the upgrade: [$before] vs [$after]"
journey verify --state "$work/site.json" --tickets 10
timed "journey on the upgraded install" journey create --state "$work/site2.json" --tickets 5
project=$project_saved
echo "upgraded $previous_tag → $current_tag, revision $running, data kept"

step "done"
