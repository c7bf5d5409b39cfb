#!/usr/bin/env bash
# Post-deploy smoke test: liveness and readiness answer 200, metrics refuse anonymous scrapes.
# Usage: smoke-test.sh https://tika.example.com
set -euo pipefail

base="${1:?usage: $0 <base url>}"
base="${base%/}"

check() {
  local path="$1" want="$2" got
  for attempt in 1 2 3 4 5 6; do
    got="$(curl -sS -o /dev/null -w '%{http_code}' --max-time 10 "$base$path" || echo 000)"
    if [[ "$got" =~ ^($want)$ ]]; then
      echo "ok   $path -> $got"
      return 0
    fi
    echo "wait $path -> $got (attempt $attempt)"
    sleep 10
  done
  echo "FAIL $path answered $got, expected $want" >&2
  return 1
}

check /api/health/live 200
check /api/health/ready 200
check /api/metrics '401|403'
