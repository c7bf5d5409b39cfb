#!/usr/bin/env node
// Build step of the Dockerfile: the standalone output only carries what the Next server imports, but the
// image also runs plain scripts (migrate, schema check, first owner). Trace their imports with the same
// tracer Next uses (@vercel/nft, compiled into next) and copy the missing files into the standalone folder.
//   node scripts/docker/trace-scripts.mjs OUT_DIR script...
import { cpSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const [outDir, ...scripts] = process.argv.slice(2);
if (!outDir || scripts.length === 0) {
  console.error('usage: trace-scripts.mjs OUT_DIR script...');
  process.exit(2);
}
const root = process.cwd();
const require = createRequire(path.join(root, 'package.json'));
const { nodeFileTrace } = require('next/dist/compiled/@vercel/nft');

const { fileList, warnings } = await nodeFileTrace(
  scripts.map((s) => path.resolve(root, s)),
  { base: root },
);
let copied = 0;
for (const file of [...fileList].sort()) {
  const from = path.join(root, file);
  const to = path.join(outDir, file);
  if (existsSync(to) || !statSync(from).isFile()) continue;
  mkdirSync(path.dirname(to), { recursive: true });
  cpSync(from, to);
  copied++;
}
for (const warning of warnings)
  if (!String(warning.message).includes('Failed to resolve dependency')) console.warn(`trace: ${warning.message}`);
console.log(`trace-scripts: ${fileList.size} files needed by ${scripts.join(', ')}; ${copied} added to ${outDir}`);
