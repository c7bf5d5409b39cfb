import { readdirSync, readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { moduleArrows } from '../../eslint.config.mjs';

// The layering rules only matter if they fire: lint code that breaks each one, as if it sat in that folder.
// Without type information: the planted files are not on disk, and these rules need none
// (tests/unit/type-aware-lint.test.ts covers the rules that do).
const eslint = new ESLint({ cwd: process.cwd(), overrideConfig: tseslint.configs.disableTypeChecked });

async function messagesOf(code: string, filePath: string, rule: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === rule).map((m) => m.message);
}
const restrictedImports = (code: string, filePath: string) => messagesOf(code, filePath, 'no-restricted-imports');
const restrictedPaths = (code: string, filePath: string) => messagesOf(code, filePath, 'import-x/no-restricted-paths');

describe('architecture boundaries', () => {
  it('keeps Drizzle out of use cases', async () => {
    const messages = await restrictedImports(
      "import { eq } from 'drizzle-orm';\nexport const x = eq;\n",
      'src/modules/tickets/move-ticket.ts',
    );
    expect(messages.join()).toMatch(/repository/);
  });

  it('allows Drizzle in repositories and the db layer', async () => {
    expect(
      await restrictedImports(
        "import { eq } from 'drizzle-orm';\nexport const x = eq;\n",
        'src/modules/tickets/repository.ts',
      ),
    ).toEqual([]);
    expect(
      await restrictedImports(
        "import { sql } from 'drizzle-orm';\nexport const x = sql;\n",
        'src/server/db/lookups.ts',
      ),
    ).toEqual([]);
  });

  it('keeps Next out of modules', async () => {
    const messages = await restrictedImports(
      "import { headers } from 'next/headers';\nexport const x = headers;\n",
      'src/modules/boards/get-board-view.ts',
    );
    expect(messages.join()).toMatch(/framework-free/);
  });

  it('keeps server code out of client components', async () => {
    const messages = await restrictedImports(
      "import { getDb } from '@/server/db/client';\nexport const x = getDb;\n",
      'src/ui/board.tsx',
    );
    expect(messages.join()).toMatch(/Client components/);
  });

  it('keeps Drizzle out of route files', async () => {
    const messages = await restrictedImports(
      "import { sql } from 'drizzle-orm';\nexport const x = sql;\n",
      'app/api/v1/boards/route.ts',
    );
    expect(messages.length).toBe(1);
  });
});

describe('import direction', () => {
  it('infrastructure never imports a module, by alias or by relative path, not even a type', async () => {
    for (const code of [
      "import { assertBoardReadable } from '@/modules/boards';\nexport const x = assertBoardReadable;\n",
      "import { assertBoardReadable } from '../../modules/boards';\nexport const x = assertBoardReadable;\n",
      "import type { Role } from '../../modules/access';\nexport type X = Role;\n",
    ]) {
      expect((await restrictedPaths(code, 'src/server/realtime/sse.ts')).join()).toMatch(/never imports modules/);
    }
  });

  it('infrastructure does not import the composition root either', async () => {
    const messages = await restrictedPaths(
      "import { apiV1 } from '@/api/v1';\nexport const x = apiV1;\n",
      'src/server/http/handler.ts',
    );
    expect(messages.join()).toMatch(/never imports modules/);
  });

  it('src/shared imports nothing of Tika', async () => {
    const messages = await restrictedPaths(
      "import { AppError } from '@/server/errors';\nexport const x = AppError;\n",
      'src/shared/permissions.ts',
    );
    expect(messages.join()).toMatch(/bottom layer/);
  });

  it('a module reaches another only through its door', async () => {
    for (const specifier of ['../tickets/repository', '@/modules/tickets/repository', '@/modules/tickets/schemas']) {
      const messages = await restrictedPaths(
        `import * as other from '${specifier}';\nexport const x = other;\n`,
        'src/modules/comments/create-comment.ts',
      );
      expect(messages.join(), specifier).toMatch(/through its door: import from '@\/modules\/tickets'/);
    }
    expect(
      await restrictedPaths(
        "import { assertTicketExists } from '@/modules/tickets';\nexport const x = assertTicketExists;\n",
        'src/modules/comments/create-comment.ts',
      ),
    ).toEqual([]);
  });

  it('a module uses only the modules its arrows allow', async () => {
    // audit sits below tickets: tickets records audit rows, so audit importing tickets would close a cycle.
    const messages = await restrictedPaths(
      "import { getTicket } from '@/modules/tickets';\nexport const x = getTicket;\n",
      'src/modules/audit/list-audit-log.ts',
    );
    expect(messages.join()).toMatch(/audit may not use tickets \(allowed: access\)/);
    // boards -> tickets is an arrow; tickets -> boards is not.
    expect(
      await restrictedPaths(
        "import { TicketSummaryDto } from '@/modules/tickets';\nexport const x = TicketSummaryDto;\n",
        'src/modules/boards/schemas.ts',
      ),
    ).toEqual([]);
    expect(
      (
        await restrictedPaths(
          "import { listBoards } from '@/modules/boards';\nexport const x = listBoards;\n",
          'src/modules/tickets/create-ticket.ts',
        )
      ).join(),
    ).toMatch(/tickets may not use boards/);
  });

  it('modules do not import the composition root, the UI or routes', async () => {
    const messages = await restrictedPaths(
      "import { apiV1 } from '@/api/v1';\nexport const x = apiV1;\n",
      'src/modules/boards/list-boards.ts',
    );
    expect(messages.join()).toMatch(/below the composition root/);
  });

  it('routes and the composition root import modules only through their doors', async () => {
    const code =
      "import { moveTicketEndpoint } from '@/modules/tickets/endpoints';\nexport const x = moveTicketEndpoint;\n";
    for (const file of ['app/api/v1/tickets/[ticketId]/move/route.ts', 'src/api/v1.ts']) {
      expect((await restrictedPaths(code, file)).join(), file).toMatch(/through its door/);
    }
    expect(
      await restrictedPaths(
        "import { moveTicketEndpoint } from '@/modules/tickets';\nexport const x = moveTicketEndpoint;\n",
        'app/api/v1/tickets/[ticketId]/move/route.ts',
      ),
    ).toEqual([]);
  });

  it('the browser takes module types only, through the door', async () => {
    const file = 'src/ui/board/card.tsx';
    expect(
      (
        await restrictedImports("import { TicketDto } from '@/modules/tickets';\nexport const x = TicketDto;\n", file)
      ).join(),
    ).toMatch(/module types only/);
    expect(
      await restrictedImports(
        "import type { TicketDto } from '@/modules/tickets';\nexport type X = TicketDto;\n",
        file,
      ),
    ).toEqual([]);
    expect(
      (
        await restrictedPaths(
          "import type { TicketDto } from '@/modules/tickets/schemas';\nexport type X = typeof TicketDto;\n",
          file,
        )
      ).join(),
    ).toMatch(/through the door/);
  });

  it('finds an import cycle', async () => {
    // create-ticket.ts imports guards.ts; guards importing create-ticket back closes the loop.
    const messages = await messagesOf(
      "import { createTicket } from './create-ticket';\nexport const x = createTicket;\n",
      'src/modules/tickets/guards.ts',
      'import-x/no-cycle',
    );
    expect(messages.join()).toMatch(/cycle/i);
  });

  it('every module is in the arrow table (a module missing from it would be unrestricted)', () => {
    const folders = readdirSync('src/modules', { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(Object.keys(moduleArrows).sort()).toEqual(folders);
    for (const name of folders) expect(readdirSync(`src/modules/${name}`), name).toContain('index.ts');
  });

  it('the arrows form no cycle and docs/architecture.md draws exactly these arrows', () => {
    const arrows = moduleArrows;
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (name: string, path: string[]) => {
      expect(visiting.has(name), `cycle: ${[...path, name].join(' -> ')}`).toBe(false);
      if (done.has(name)) return;
      visiting.add(name);
      for (const next of arrows[name] ?? []) visit(next, [...path, name]);
      visiting.delete(name);
      done.add(name);
    };
    for (const name of Object.keys(arrows)) visit(name, []);

    const doc = readFileSync('docs/architecture.md', 'utf8');
    const drawn = [...doc.matchAll(/^\s+(\w+) --> (\w+)$/gm)].map(([, from, to]) => `${from} -> ${to}`).sort();
    const declared = Object.entries(arrows)
      .flatMap(([from, tos]) => tos.map((to) => `${from} -> ${to}`))
      .sort();
    expect(drawn).toEqual(declared);
  });
});

describe('one configuration module', () => {
  it('refuses process.env outside src/server/env.ts', async () => {
    const code = 'export const url = process.env.APP_URL;\n';
    for (const file of [
      'src/server/http/csrf.ts',
      'src/modules/invitations/create-invitation.ts',
      'instrumentation.ts',
    ]) {
      expect((await messagesOf(code, file, 'no-restricted-properties')).join(), file).toMatch(/src\/server\/env\.ts/);
    }
    expect(await messagesOf(code, 'src/server/env.ts', 'no-restricted-properties')).toEqual([]);
  });
});
