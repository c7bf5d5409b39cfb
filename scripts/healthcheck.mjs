#!/usr/bin/env node
// Container HEALTHCHECK without curl or wget in the image: GET the readiness endpoint on this container.
//   node scripts/healthcheck.mjs [path]   (default /api/health/ready; /api/health/live for liveness only)
const target = `http://127.0.0.1:${process.env.PORT ?? 3000}${process.argv[2] ?? '/api/health/ready'}`;
try {
  const response = await fetch(target, { signal: globalThis.AbortSignal.timeout(4000) });
  if (!response.ok)
    console.error(`healthcheck: ${target} → ${response.status} ${(await response.text()).slice(0, 300)}`);
  process.exit(response.ok ? 0 : 1);
} catch (error) {
  console.error(`healthcheck: ${target} → ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
