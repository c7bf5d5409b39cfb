import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The type-aware rules only matter if they fire: lint code that breaks each one, as if it sat in src/server, next
// to code that does the same thing right. The planted file is not on disk, so TypeScript's project service gets it
// as a loose file (allowDefaultProject); every other setting is the project's own eslint.config.mjs.
const fixture = 'src/server/zz-type-aware-fixture.ts';
const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: { languageOptions: { parserOptions: { projectService: { allowDefaultProject: [fixture] } } } },
});

const rules = [
  'no-floating-promises',
  'no-misused-promises',
  'await-thenable',
  'no-unsafe-argument',
  'no-unsafe-assignment',
  'no-unsafe-call',
  'no-unsafe-member-access',
  'no-unsafe-return',
].map((rule) => `@typescript-eslint/${rule}`);

// Each `// wrong:` line breaks the rule named after it; the lines after `// right` must pass.
const code = `import 'server-only';
declare function save(): Promise<void>;
declare function onClick(handler: () => void): void;
export async function wrong(text: string): Promise<number> {
  save(); // wrong: no-floating-promises
  if (save()) return 0; // wrong: no-misused-promises
  onClick(async () => save()); // wrong: no-misused-promises
  await 1; // wrong: await-thenable
  const parsed = JSON.parse(text); // wrong: no-unsafe-assignment
  Math.max(JSON.parse(text)); // wrong: no-unsafe-argument
  JSON.parse(text)(); // wrong: no-unsafe-call
  void JSON.parse(text).count; // wrong: no-unsafe-member-access
  void parsed;
  return JSON.parse(text); // wrong: no-unsafe-return
}
// right
export async function right(text: string): Promise<number> {
  await save();
  void save().catch(() => undefined);
  onClick(() => void save());
  const parsed: unknown = JSON.parse(text);
  return typeof parsed === 'number' ? Math.max(parsed) : 0;
}
`;

describe('type-aware lint', () => {
  it('applies the rules to src/ and app/ with type information', async () => {
    for (const file of [
      'src/server/db/tenant.ts',
      'src/modules/tickets/move-ticket.ts',
      'app/api/v1/me/route.ts',
      'src/ui/board/board-view.tsx',
    ]) {
      const config = (await eslint.calculateConfigForFile(file)) as {
        rules: Record<string, unknown[]>;
        languageOptions: { parserOptions: { projectService?: unknown } };
      };
      expect(config.languageOptions.parserOptions.projectService, file).toBeTruthy();
      for (const rule of rules) expect(config.rules[rule]?.[0], `${rule} in ${file}`).toBe(2);
    }
  }, 60_000);

  it('fires each rule on the line that breaks it, and on nothing else', async () => {
    const [result] = await eslint.lintText(code, { filePath: fixture });
    const found = (result?.messages ?? []).map((m) => `${m.line} ${m.ruleId ?? m.message}`).sort();
    const expected = code
      .split('\n')
      .flatMap((line, index) => {
        const rule = /\/\/ wrong: (\S+)/.exec(line)?.[1];
        return rule ? [`${index + 1} @typescript-eslint/${rule}`] : [];
      })
      .sort();
    expect(found).toEqual(expected);
    expect(new Set(expected.map((line) => line.split(' ')[1]))).toEqual(new Set(rules));
  }, 180_000);
});
