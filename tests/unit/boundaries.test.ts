import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layering rules only matter if they fire: lint code that breaks each one, as if it sat in that folder.
const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

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
      'src/modules/boards/get-board.ts',
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
