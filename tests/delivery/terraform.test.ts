/* eslint-disable @typescript-eslint/no-explicit-any -- parsed YAML, JSON and HCL documents of arbitrary shape */
// Terraform parsed with @cdktf/hcl2json (HashiCorp's HCL parser compiled to wasm): a syntax
// error fails here. Provider schemas are checked by `terraform validate` in CI only.
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from '@cdktf/hcl2json';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles, read, root } from './support';

const MODULES = ['terraform/modules/vercel-neon', 'terraform/modules/kubernetes'];
const ENVS = ['terraform/envs/staging', 'terraform/envs/production'];
const ROOTS = [...MODULES, ...ENVS];

type Hcl = Record<string, any>;
const parsed = new Map<string, Hcl>();

/** Merge every .tf file of a directory into one parsed document (lists concatenated per block type). */
function dir(path: string): Hcl {
  const merged: Hcl = {};
  for (const [file, doc] of parsed) {
    if (!file.startsWith(`${path}/`) || file.slice(path.length + 1).includes('/')) continue;
    for (const [blockType, value] of Object.entries(doc)) {
      if (blockType === 'terraform') merged.terraform = [...(merged.terraform ?? []), ...value];
      else merged[blockType] = { ...(merged[blockType] ?? {}), ...value };
    }
  }
  return merged;
}

beforeAll(async () => {
  for (const file of listFiles('terraform').filter((f) => f.endsWith('.tf'))) {
    parsed.set(file, await parse(file, read(file)));
  }
});

describe('terraform layout', () => {
  it.each([
    ...ROOTS.map((d) => [d, 'main.tf']),
    ...ROOTS.map((d) => [d, 'variables.tf']),
    ...ROOTS.map((d) => [d, 'outputs.tf']),
  ])('%s/%s exists', (d, f) => {
    expect(existsSync(join(root, d, f))).toBe(true);
  });

  it.each([...MODULES, 'terraform'])('%s has a README', (d) => {
    expect(read(`${d}/README.md`).length).toBeGreaterThan(400);
  });

  it.each(ENVS)('%s has a remote-state backend and an example config', (d) => {
    const backend = dir(d).terraform.find((t: Hcl) => t.backend);
    expect(backend).toBeDefined();
    expect(Object.keys(backend.backend)).toEqual(['s3']);
    const example = read(`${d}/backend.hcl.example`);
    expect(example).toMatch(/encrypt\s*=\s*true/);
    expect(example).toMatch(/use_lockfile\s*=\s*true/);
  });

  it.each(ENVS)('%s uses both modules', (d) => {
    const modules = dir(d).module;
    expect(modules.vercel_neon[0].source).toBe('../../modules/vercel-neon');
    expect(modules.kubernetes[0].source).toBe('../../modules/kubernetes');
  });
});

describe('providers', () => {
  it.each(ROOTS)('every provider in %s is pinned with an exact or ~> version', (d) => {
    const blocks = dir(d).terraform.flatMap((t: Hcl) => t.required_providers ?? []);
    expect(blocks.length).toBeGreaterThan(0);
    const providers = Object.assign({}, ...blocks);
    expect(Object.keys(providers).length).toBeGreaterThan(0);
    for (const [name, p] of Object.entries<any>(providers)) {
      expect(p.source, name).toMatch(/^[a-z0-9-]+\/[a-z0-9-]+$/);
      expect(p.version, name).toMatch(/^(~>\s*)?\d+\.\d+(\.\d+)?$/);
    }
    const required = dir(d).terraform.find((t: Hcl) => t.required_version)?.required_version;
    expect(required).toMatch(/>=\s*1\.\d+/);
  });

  it('uses the same provider pins everywhere', () => {
    const pins = new Map<string, Set<string>>();
    for (const d of ROOTS) {
      const providers = Object.assign({}, ...dir(d).terraform.flatMap((t: Hcl) => t.required_providers ?? []));
      for (const [name, p] of Object.entries<any>(providers))
        pins.set(name, (pins.get(name) ?? new Set()).add(p.version));
    }
    for (const [name, versions] of pins) expect([...versions], name).toHaveLength(1);
  });

  it('every provider a module uses is declared in its required_providers', () => {
    for (const d of ROOTS) {
      const doc = dir(d);
      const declared = Object.keys(Object.assign({}, ...doc.terraform.flatMap((t: Hcl) => t.required_providers ?? [])));
      const used = new Set(Object.keys(doc.resource ?? {}).map((type) => type.split('_')[0]));
      for (const p of used) expect(declared, `${d} uses ${p}`).toContain(p);
    }
  });
});

describe('variables and outputs', () => {
  it.each(ROOTS)('every variable in %s has a type and a description', (d) => {
    const vars = dir(d).variable ?? {};
    expect(Object.keys(vars).length).toBeGreaterThan(0);
    for (const [name, [v]] of Object.entries<any>(vars)) {
      expect(v.type, `${d} var.${name} type`).toBeDefined();
      expect(v.description, `${d} var.${name} description`).toMatch(/\S{3,}/);
    }
  });

  const SECRET_NAME = /(secret|password|token|dsn|database_url|owner_url|connection|api_key)/i;

  it.each(ROOTS)('variables holding secrets in %s are sensitive and have no real default', (d) => {
    for (const [name, [v]] of Object.entries<any>(dir(d).variable ?? {})) {
      if (!SECRET_NAME.test(name)) continue;
      expect(v.sensitive, `${d} var.${name}`).toBe(true);
      expect(v.default === undefined || v.default === '', `${d} var.${name} default`).toBe(true);
    }
  });

  it.each(ROOTS)('every output in %s that carries a secret is sensitive', (d) => {
    const doc = dir(d);
    const sensitiveVars = new Set(
      Object.entries<any>(doc.variable ?? {})
        .filter(([, [v]]) => v.sensitive)
        .map(([n]) => n),
    );
    const secretLocals = new Set(['runtime_url', 'owner_url']);
    for (const [name, [o]] of Object.entries<any>(doc.output ?? {})) {
      const value = String(o.value);
      const carriesSecret =
        (SECRET_NAME.test(name) && !/_(name|id|ids)$/.test(name)) ||
        /\.password\b/.test(value) ||
        [...sensitiveVars].some((v) => value.includes(`var.${v}`)) ||
        [...secretLocals].some((l) => value.includes(`local.${l}`)) ||
        /\.(database_url|database_owner_url)\b/.test(value);
      if (carriesSecret) expect(o.sensitive, `${d} output.${name}`).toBe(true);
    }
  });
});

const SECRET_PATTERNS: [string, RegExp][] = [
  ['URL with an inline password', /[a-z]+:\/\/[^\s:/@"$%]+:[^\s@"${}%]+@/i],
  ['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['AWS access key', /AKIA[0-9A-Z]{16}/],
  ['GitHub token', /gh[pousr]_[A-Za-z0-9]{30,}/],
  ['Vercel / Neon style token literal', /(api_key|api_token|token|password|secret)\s*=\s*"[^"$]{8,}"/i],
];

describe('no secrets in code', () => {
  const files = () =>
    listFiles('terraform').filter((f) => /\.(tf|tfvars|hcl|example)$/.test(f) && !f.includes('.terraform/'));

  it('has no credentials, keys or connection strings with passwords in terraform/', () => {
    const offenders: string[] = [];
    for (const f of files()) {
      const text = read(f);
      for (const [what, re] of SECRET_PATTERNS) if (re.test(text)) offenders.push(`${f}: ${what}`);
    }
    expect(offenders).toEqual([]);
  });

  it('the secret scan itself finds a planted secret', () => {
    const planted = 'token = "abcd1234efgh5678"\nurl = "postgresql://tika:hunter2@db/tika"';
    const hits = SECRET_PATTERNS.filter(([, re]) => re.test(planted)).map(([what]) => what);
    expect(hits).toEqual(expect.arrayContaining(['URL with an inline password', 'Vercel / Neon style token literal']));
  });

  it('keeps state, tfvars and backend configs out of git', () => {
    const ignore = read('.gitignore');
    for (const entry of ['.terraform/', '*.tfstate', 'terraform.tfvars', 'backend.hcl'])
      expect(ignore).toContain(entry);
  });
});
