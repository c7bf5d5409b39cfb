#!/usr/bin/env bash
# `npm run test:monitoring`: the compose stack with its profiles on — backup, redis, monitoring (Prometheus with
# Tika's rules, Alertmanager routing to a webhook and a PagerDuty-protocol receiver) — on a real Docker engine,
# then `tika doctor` inside the app container as an operator runs it, then a broken setup (two replicas, Redis
# down) that the doctor must fail with the right fix.
#
# Not started here, and why: Grafana and Unleash have no image without a container registry (GRAFANA_IMAGE /
# UNLEASH_IMAGE are overridable; with a registry `--profile monitoring` starts Grafana too). Prometheus and
# Alertmanager run as stand-in images built from Debian's packages (tests/monitoring/images; honestly named
# tika-ci/prometheus and tika-ci/alertmanager, kept like the other tika-ci/* base images).
#
# Environment: TIKA_MONITORING_KEEP=1 leaves the stack and work dir; SHARED_CI (default ../shared/ci).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
shared=${SHARED_CI:-$root/../shared/ci}
started=$SECONDS
run_id=$(date +%H%M%S)$$
project=tikamon$run_id
work=$(mktemp -d "${TMPDIR:-/tmp}/tika-monitoring.XXXXXX")
mkdir -p "$work/backups"
app_image="tika-monitoring-$run_id:dev"
export DOCKER_BUILDKIT=1

step() { printf '\n=== [%4ss] %s\n' "$((SECONDS - started))" "$*"; }
fail() { printf '\nMONITORING SUITE FAILED: %s\n' "$*" >&2; exit 1; }

engine_started_here=0
docker info >/dev/null 2>&1 || engine_started_here=1
cleanup() {
  local status=$?
  set +e
  if [ "${TIKA_MONITORING_KEEP:-}" = 1 ]; then
    echo "TIKA_MONITORING_KEEP=1: leaving project $project and $work"
  else
    dc down -v --remove-orphans >/dev/null 2>&1
    docker rmi -f "$app_image" >/dev/null 2>&1
    rm -rf "$work"
    if [ "$engine_started_here" = 1 ] && [ -f /var/run/docker.pid ]; then kill "$(cat /var/run/docker.pid)" 2>/dev/null; fi
  fi
  printf '\nsuite: %ss, %s\n' "$((SECONDS - started))" "$([ $status = 0 ] && echo PASSED || echo FAILED)"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

profiles=(--profile backup --profile redis --profile monitoring)
dc() {
  docker compose --progress quiet -p "$project" -f "$root/docker-compose.production.yml" \
    -f "$root/tests/monitoring/compose.receiver.yml" --env-file "$work/stack.env" "${profiles[@]}" "$@"
}

# ---- 1. engine, images -----------------------------------------------------------------------------------------
step "Docker engine, stand-in base images, Prometheus and Alertmanager stand-ins, the app image"
"$shared/docker-engine.sh" >/dev/null
command -v debootstrap >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
"$shared/base-images/build-all.sh" >/dev/null
for stand_in in prometheus:2 alertmanager:0; do
  name=${stand_in%%:*}
  docker image inspect "tika-ci/$stand_in" >/dev/null 2>&1 || docker build --network host --pull=false \
    -t "tika-ci/$stand_in" "tests/monitoring/images/$name" >"$work/build-$name.log" 2>&1 \
    || { tail -30 "$work/build-$name.log"; fail "building the $name stand-in"; }
done
docker build --network host --pull=false --secret id=ca_bundle,src=/etc/ssl/certs/ca-certificates.crt \
  --build-arg NODE_IMAGE=tika-ci/node:24 --build-arg VERSION="$(node -p 'require("./package.json").version')-monitoring" \
  --build-arg REVISION="$(git rev-parse HEAD)" -t "$app_image" . >"$work/build-app.log" 2>&1 \
  || { tail -40 "$work/build-app.log"; fail "docker build of the app image"; }
echo "images: $app_image, tika-ci/prometheus:2 ($(docker run --rm tika-ci/prometheus:2 --version 2>&1 | head -1)), tika-ci/alertmanager:0"

# ---- 2. the stack ----------------------------------------------------------------------------------------------
step "compose up: app + postgres + caddy, profiles backup, redis, monitoring (Grafana scaled to 0: no image here)"
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
secret() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
https_port=$(free_port); http_port=$(free_port); prom_port=$(free_port); am_port=$(free_port); grafana_port=$(free_port)
cat >"$work/stack.env" <<ENV
COMPOSE_PROJECT_NAME=$project
TIKA_IMAGE=$app_image
POSTGRES_IMAGE=tika-ci/postgres:15
CADDY_IMAGE=tika-ci/caddy:2
REDIS_IMAGE=tika-ci/redis:7
PROMETHEUS_IMAGE=tika-ci/prometheus:2
ALERTMANAGER_IMAGE=tika-ci/alertmanager:0
TIKA_PULL_POLICY=never
DOMAIN=localhost
APP_URL=https://localhost:$https_port
TIKA_BIND_ADDRESS=127.0.0.1
HTTP_PORT=$http_port
HTTPS_PORT=$https_port
PROMETHEUS_PORT=$prom_port
ALERTMANAGER_PORT=$am_port
GRAFANA_PORT=$grafana_port
POSTGRES_PASSWORD=$(secret)
TIKA_DB_OWNER_PASSWORD=$(secret)
TIKA_DB_RUNTIME_PASSWORD=$(secret)
TIKA_DB_AUTH_PASSWORD=$(secret)
BETTER_AUTH_SECRET=$(secret)
METRICS_TOKEN=$(secret)
REDIS_URL=redis://redis:6379
PROMETHEUS_URL=http://prometheus:9090
ALERTMANAGER_URL=http://alertmanager:9093
ALERT_WEBHOOK_URL=http://alert-receiver:8080/webhook
ALERT_PAGERDUTY_ROUTING_KEY=$(secret)
ALERT_PAGERDUTY_URL=http://alert-receiver:8080/pagerduty
BACKUP_DIR=$work/backups
BACKUP_PASSPHRASE=$(secret)
ENV
export TIKA_COMPOSE_FILE="$root/docker-compose.production.yml" TIKA_ENV_FILE="$work/stack.env"
dc up -d --scale grafana=0
wait_healthy() { # service count
  local tries=0
  until [ "$(dc ps --format '{{.Service}} {{.Health}}' | awk -v s="$1" '$1 == s && $2 == "healthy"' | wc -l)" -ge "${2:-1}" ]; do
    tries=$((tries + 1)); [ "$tries" -lt 180 ] || { dc ps; dc logs --tail 40 "$1"; fail "$1 not healthy"; }; sleep 1
  done
}
wait_healthy app
until curl -fsS "http://127.0.0.1:$prom_port/-/ready" >/dev/null 2>&1; do sleep 1; [ $((SECONDS - started)) -lt 1200 ] || fail "prometheus not ready"; done
until curl -fsS "http://127.0.0.1:$am_port/-/ready" >/dev/null 2>&1; do sleep 1; [ $((SECONDS - started)) -lt 1200 ] || fail "alertmanager not ready"; done
dc ps --format 'table {{.Service}}\t{{.Status}}'

step "a backup (scripts/backup.sh, encrypted) and Prometheus scraping the app"
scripts/backup.sh >"$work/backup.log" 2>&1 || { cat "$work/backup.log"; fail "backup"; }
tail -1 "$work/backup.log"
query() { curl -fsS "http://127.0.0.1:$prom_port/api/v1/query" --data-urlencode "query=$1" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s).data.result;console.log(r.length?r[0].value[1]:"none")})'; }
tries=0
until [ "$(query 'sum(up{job="tika"})')" = 1 ] && [ "$(query 'count(health_ready)')" != none ]; do
  tries=$((tries + 1)); [ "$tries" -lt 90 ] || fail "Prometheus does not scrape the app (up{job=\"tika\"} = $(query 'sum(up{job="tika"})'))"; sleep 1
done
echo "Prometheus: up{job=\"tika\"} = 1, health_ready = $(query 'min(health_ready)'), $(curl -fsS "http://127.0.0.1:$prom_port/api/v1/rules" | grep -o '"name":"Tika[A-Za-z]*"' | wc -l) Tika alerts loaded"
echo "Alertmanager receivers: $(curl -fsS "http://127.0.0.1:$am_port/api/v2/receivers")"

# ---- 3. the doctor, as an operator runs it ---------------------------------------------------------------------
step "tika doctor inside the app container (every profile this machine can run)"
set +e
dc exec -T app node scripts/doctor.mjs | tee "$work/doctor-full.txt"
doctor_status=${PIPESTATUS[0]}
dc exec -T app node scripts/doctor.mjs --json >"$work/doctor-full.json"
set -e
echo "exit status: $doctor_status"
node - "$work/doctor-full.json" <<'JS' || fail "the doctor's findings on the full stack are not what this stack is"
const r = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
const items = Object.fromEntries(r.stages.flatMap((s) => s.items).map((i) => [i.id, i]));
const expectStatus = (id, status) => {
  if (items[id]?.status !== status) throw new Error(`${id}: expected ${status}, got ${items[id]?.status}: ${items[id]?.evidence}`);
};
for (const id of ['database.reachable', 'database.migrated', 'database.runtime-role', 'database.rls', 'database.server',
  'secrets.strong', 'backups.recent', 'backups.restorable', 'backups.encrypted', 'alerts.routed', 'alerts.paging',
  'metrics.scraped', 'alerts.slo-rules', 'ratelimits.shared', 'database.pool', 'database.auth-role', 'container.non-root',
  'container.read-only', 'audit.append-only']) expectStatus(id, 'pass');
// Caddy's internal CA for localhost: HTTPS is there, browsers must trust the CA → a warning, not a failure.
expectStatus('tls.in-front', 'warn');
// What this stack does not have: Sentry, SMTP — Team says exactly that.
const blocking = r.next?.blocking.map((b) => b.id) ?? [];
if (r.meets?.id !== 'mvp' || JSON.stringify(blocking) !== JSON.stringify(['errors.sentry', 'mail.configured']))
  throw new Error(`expected "meets MVP; Team needs errors.sentry, mail.configured", got meets ${r.meets?.id}, blocking ${blocking}`);
console.log(`doctor: meets ${r.meets.title}; ${r.counts.pass} pass, ${r.counts.warn} warn, ${r.counts.fail} fail; Team needs: ${blocking.join(', ')}`);
JS
[ "$doctor_status" = 1 ] || fail "the doctor should exit 1 when something fails (got $doctor_status)"

# ---- 4. broken: two replicas, Redis down ------------------------------------------------------------------------
step "broken: a second app replica, then Redis stopped"
dc up -d --scale grafana=0 --scale app=2 --no-recreate
wait_healthy app 2
tries=0
# (the doctor exits 1 while anything fails: read its report, not its status)
until { dc exec -T --index 1 app node scripts/doctor.mjs --json 2>/dev/null || true; } \
  | grep -q '"evidence": "2 live replicas; shared redis store answers'; do
  tries=$((tries + 1)); [ "$tries" -lt 90 ] || fail "the second replica's heartbeat never showed"; sleep 2
done
echo "2 live replicas, shared Redis: pass"
dc stop redis >/dev/null
set +e
dc exec -T --index 1 app node scripts/doctor.mjs | tee "$work/doctor-broken.txt"
broken_status=${PIPESTATUS[0]}
dc exec -T --index 1 app node scripts/doctor.mjs --json >"$work/doctor-broken.json"
set -e
node - "$work/doctor-broken.json" <<'JS' || fail "Redis down with two replicas was not found with the right fix"
const r = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
const item = r.stages.flatMap((s) => s.items).find((i) => i.id === 'ratelimits.shared');
if (item.status !== 'fail' || !/^2 live replicas; the redis store is down/.test(item.evidence) || !/--profile redis up -d redis/.test(item.fix))
  throw new Error(JSON.stringify(item));
console.log(`ratelimits.shared: ${item.status.toUpperCase()} — ${item.evidence}\n  fix: ${item.fix}`);
JS
[ "$broken_status" = 1 ] || fail "the doctor should exit 1 (got $broken_status)"
dc start redis >/dev/null
wait_healthy redis
dc up -d --scale grafana=0 --scale app=1 --no-recreate
wait_healthy app

# ---- 5. the runbooks' commands, against this stack ---------------------------------------------------------------
step "runbooks: every compose-install command in docs/runbooks runs against this stack"
node tests/monitoring/runbooks.mjs --https-port "$https_port" \
  --compose "docker compose --progress quiet -p $project -f $root/docker-compose.production.yml -f $root/tests/monitoring/compose.receiver.yml --env-file $work/stack.env ${profiles[*]}" \
  || fail "a runbook command does not work on the compose install"

step "done"
