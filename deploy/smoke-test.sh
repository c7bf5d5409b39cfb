#!/usr/bin/env bash
# Post-deploy smoke test: the deployment answers as the product, not only as a process.
#   smoke-test.sh https://tika.example.com
# Always (no credentials needed):
#   - liveness and readiness answer 200 (readiness: the database answers and the schema matches)
#   - the sign-in page renders
#   - the API answers an anonymous call with 401 problem+json and a request id (the whole handler chain ran)
#   - the OpenAPI document is served
#   - metrics refuse an anonymous scrape: 401, or 404 where METRICS_TOKEN is not configured
# With credentials (deploy.yml passes them from the environment's secrets when they exist):
#   METRICS_TOKEN     the scrape answers 200 with Tika's request metrics
#   SMOKE_API_TOKEN   an API token of a workspace kept for smoke tests: GET /api/v1/me and /api/v1/boards
#   SMOKE_BOARD_ID    a board of that workspace: create a ticket in its first column, read it back, delete it
# Retries each check for about a minute (a rollout may still be settling); fails on the first check that never passes.
set -euo pipefail

base="${1:?usage: $0 <base url>}"
base="${base%/}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tries=${SMOKE_TRIES:-6}
pause=${SMOKE_PAUSE:-10}

# request METHOD PATH [curl args…]: body in $work/body, headers in $work/headers, status printed
request() {
  local method=$1 path=$2
  shift 2
  curl -sS -X "$method" -o "$work/body" -D "$work/headers" -w '%{http_code}' --max-time 10 "$@" "$base$path" 2>"$work/err" || echo 000
}

# check NAME WANT-REGEX METHOD PATH [curl args…] — then `verify` lines may inspect $work/body and $work/headers
check() {
  local name=$1 want=$2 got attempt
  shift 2
  for attempt in $(seq 1 "$tries"); do
    got=$(request "$@")
    if [[ "$got" =~ ^($want)$ ]]; then
      echo "ok   $name: $1 $2 -> $got"
      return 0
    fi
    echo "wait $name: $1 $2 -> $got (attempt $attempt/$tries) $(head -c 200 "$work/body" 2>/dev/null | tr '\n' ' ')"
    [ "$attempt" -lt "$tries" ] && sleep "$pause"
  done
  echo "FAIL $name: $1 $2 answered $got, expected $want" >&2
  exit 1
}
verify() { # NAME COMMAND…: fail with NAME unless the command succeeds
  local name=$1
  shift
  "$@" || { echo "FAIL $name" >&2; head -c 500 "$work/body" >&2; echo >&2; exit 1; }
}
header() { grep -i "^$1:" "$work/headers" | head -1 | cut -d: -f2- | tr -d '\r' | sed 's/^ *//'; }
json() { node -e 'const b=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));const v=process.argv[2].split(".").reduce((o,k)=>o==null?o:o[k],b);process.stdout.write(v==null?"":typeof v==="object"?JSON.stringify(v):String(v))' "$work/body" "$1"; }

check liveness 200 GET /api/health/live
check readiness 200 GET /api/health/ready
check "sign-in page" 200 GET /sign-in
verify "the sign-in page is Tika's" grep -qi 'tika' "$work/body"

check "anonymous API call" 401 GET /api/v1/boards
verify "401 is problem+json" grep -qi '^content-type: application/problem+json' "$work/headers"
verify "401 carries a request id" test -n "$(header x-request-id)"
verify "401 names its code" test -n "$(json code)"

check "OpenAPI document" 200 GET /api/v1/openapi.json
verify "OpenAPI 3.1" grep -q '"openapi":"3\.1' "$work/body"

check "anonymous metrics scrape refused" '401|404' GET /api/metrics
if [ -n "${METRICS_TOKEN:-}" ]; then
  check "metrics scrape with the token" 200 GET /api/metrics -H "authorization: Bearer $METRICS_TOKEN"
  verify "request metrics are exported" grep -q '^http_request_total' "$work/body"
fi

if [ -n "${SMOKE_API_TOKEN:-}" ]; then
  auth=(-H "authorization: Bearer $SMOKE_API_TOKEN")
  check "token: who am I" 200 GET /api/v1/me "${auth[@]}"
  check "token: boards" 200 GET /api/v1/boards "${auth[@]}"
  verify "boards is a list" test "$(json data | head -c 1)" = "["
  if [ -n "${SMOKE_BOARD_ID:-}" ]; then
    check "token: the smoke board" 200 GET "/api/v1/boards/$SMOKE_BOARD_ID" "${auth[@]}"
    column=$(json columns.0.id)
    verify "the smoke board has a column" test -n "$column"
    title="smoke $(date -u +%FT%TZ)"
    check "token: create a ticket" '200|201' POST /api/v1/tickets "${auth[@]}" -H 'content-type: application/json' \
      -H "idempotency-key: smoke-$(date +%s%N)" \
      --data "{\"columnId\":\"$column\",\"title\":\"$title\",\"labels\":[\"smoke\"]}"
    ticket=$(json id)
    verify "the new ticket has an id" test -n "$ticket"
    check "token: read the ticket back" 200 GET "/api/v1/tickets/$ticket" "${auth[@]}"
    verify "the ticket reads back with its title" test "$(json title)" = "$title"
    check "token: delete the ticket" '200|204' DELETE "/api/v1/tickets/$ticket" "${auth[@]}"
    check "token: the ticket is gone" 404 GET "/api/v1/tickets/$ticket" "${auth[@]}"
  fi
fi
echo "smoke test passed: $base"
