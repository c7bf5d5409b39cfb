import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// `import 'server-only'` makes Next's build fail when a client component pulls a server module into the browser
// bundle. It only protects the files that carry it, so this test says which files must: everything in src/server
// and src/api, every module file except its data shapes (dto.ts, schemas.ts), and any file whose value imports
// reach one of those. Exceptions, loaded outside Next's bundles where 'server-only' resolves to its throwing
// entry: the Drizzle schema (drizzle-kit) and the CSP builder (next.config.ts).
const exempt = [/^src\/server\/db\/schema\//, /^src\/server\/http\/csp\.ts$/];
const marker = /^import 'server-only';$/m;

type Files = Map<string, string>;

function serverRoot(file: string): boolean {
  if (exempt.some((re) => re.test(file))) return false;
  if (/^src\/(server|api)\//.test(file)) return true;
  return /^src\/modules\//.test(file) && !/\/(dto|schemas)\.ts$/.test(file);
}

/** Value imports only: `import type` and `import { type A }` vanish from the bundle. */
function valueImports(source: string): string[] {
  const specs: string[] = [];
  for (const m of source.matchAll(/^(?:import|export)\s+(type\s+)?(?:([^'";]*?)\s+from\s+)?['"]([^'"]+)['"]/gm)) {
    const [, typeOnly, clause = '', spec = ''] = m;
    if (typeOnly) continue;
    const named = /^\{([^}]*)\}$/.exec(clause.trim());
    if (named && named[1]!.split(',').every((s) => !s.trim() || s.trim().startsWith('type '))) continue;
    specs.push(spec);
  }
  return specs;
}

function resolveIn(files: Files, from: string, spec: string): string | undefined {
  let base: string;
  if (spec.startsWith('@/')) base = `src/${spec.slice(2)}`;
  else if (spec.startsWith('.')) base = path.posix.join(path.posix.dirname(from), spec);
  else return undefined;
  return [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find((candidate) => files.has(candidate));
}

/** The files that must carry the marker and do not. */
function missingServerOnly(files: Files): string[] {
  const serverOnly = new Set([...files.keys()].filter(serverRoot));
  for (let grew = true; grew;) {
    grew = false;
    for (const [file, source] of files) {
      if (serverOnly.has(file) || exempt.some((re) => re.test(file))) continue;
      if (valueImports(source).some((spec) => serverOnly.has(resolveIn(files, file, spec) ?? ''))) {
        serverOnly.add(file);
        grew = true;
      }
    }
  }
  return [...serverOnly].filter((file) => !marker.test(files.get(file)!)).sort();
}

function sourceTree(): Files {
  const files: Files = new Map();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.set(full, readFileSync(full, 'utf8'));
    }
  };
  walk('src');
  return files;
}

describe("import 'server-only'", () => {
  it('is in every server module', () => {
    expect(missingServerOnly(sourceTree())).toEqual([]);
  });

  it('names a server file, a module use case and a data shape that reaches them when they lack it', () => {
    const files: Files = new Map([
      ['src/server/db/client.ts', 'export const db = 1;\n'],
      ['src/server/db/schema/kanban.ts', "export const priorities = ['low'];\n"],
      ['src/modules/tickets/create-ticket.ts', "import type { Db } from '@/server/db/client';\nexport const c = 1;\n"],
      [
        'src/modules/tickets/schemas.ts',
        "import { priorities } from '@/server/db/schema/kanban';\nexport const p = priorities;\n",
      ],
      ['src/modules/tickets/dto.ts', "import { db } from '../../server/db/client';\nexport const d = db;\n"],
      ['src/modules/boards/dto.ts', "import { type Db } from '@/server/db/client';\nexport const d = 1;\n"],
      ['src/shared/ticket-card.ts', "import { c } from '@/modules/tickets/create-ticket';\nexport const s = c;\n"],
      ['src/api/v1.ts', "import 'server-only';\nexport const v = 1;\n"],
    ]);
    expect(missingServerOnly(files)).toEqual([
      'src/modules/tickets/create-ticket.ts',
      'src/modules/tickets/dto.ts',
      'src/server/db/client.ts',
      'src/shared/ticket-card.ts',
    ]);
  });

  it('is required by lint too, so a new server file is refused before it lands', async () => {
    const eslint = new ESLint({ cwd: process.cwd(), overrideConfig: tseslint.configs.disableTypeChecked });
    const messages = async (code: string, filePath: string) =>
      ((await eslint.lintText(code, { filePath }))[0]?.messages ?? [])
        .filter((m) => m.ruleId === 'no-restricted-syntax')
        .map((m) => m.message);
    const code = "import { z } from 'zod';\nexport const s = z.string();\n";
    for (const file of ['src/server/http/new-thing.ts', 'src/api/new-route.ts', 'src/modules/tickets/new-use-case.ts'])
      expect((await messages(code, file)).join(), file).toMatch(/import 'server-only'/);
    expect(await messages(`import 'server-only';\n${code}`, 'src/server/http/new-thing.ts')).toEqual([]);
    expect(await messages(code, 'src/modules/tickets/schemas.ts')).toEqual([]);
    expect(await messages(code, 'src/server/db/schema/new-table.ts')).toEqual([]);
  }, 60_000);

  it('keeps the exceptions importable outside Next (drizzle-kit, next.config.ts)', () => {
    const config = readFileSync('next.config.ts', 'utf8');
    expect(config).toMatch(/from '\.\/src\/server\/http\/csp'/);
    expect(readFileSync('drizzle.config.ts', 'utf8')).toMatch(/src\/server\/db\/schema/);
    const files = sourceTree();
    for (const file of ['src/server/http/csp.ts', 'src/server/db/schema/index.ts']) expect(existsSync(file)).toBe(true);
    for (const [file, source] of files) {
      if (!exempt.some((re) => re.test(file))) continue;
      expect(source, file).not.toMatch(marker);
      // …nor may they import a file that has it: that would throw when next.config.ts or drizzle-kit loads them.
      for (const spec of valueImports(source))
        expect(files.get(resolveIn(files, file, spec) ?? '') ?? '', `${file} → ${spec}`).not.toMatch(marker);
    }
  });
});
