import 'server-only';
import type { z } from 'zod';
import type { TenantContext } from '@/server/context';
import { withTenant } from '@/server/db/tenant';
import { notFound } from '@/server/errors';
import { jsonText, type JsonText } from '@/server/http/json-body';
import { assertCan } from '@/modules/access';
import { boardViewJson } from './repository';
import type { BoardViewDto } from './schemas';

export type BoardView = z.output<typeof BoardViewDto>;

/**
 * The board screen in one request: columns in order, each with its count and first page of cards.
 * A 10,000-ticket board sends a few hundred cards, not ten thousand; columns page on from nextCursor.
 * As JSON text, built by Postgres in one statement (repository.ts): the API sends it as is.
 */
async function readBoardView(ctx: TenantContext, boardId: string, perColumn: number): Promise<string> {
  assertCan(ctx.role, 'board:read');
  const text = await withTenant(ctx.tenantId, (tx) => boardViewJson(tx, boardId, perColumn));
  if (text === undefined) throw notFound('Board');
  return text;
}

export async function getBoardViewJson(
  ctx: TenantContext,
  boardId: string,
  perColumn: number,
): Promise<JsonText<BoardView>> {
  return jsonText<BoardView>(await readBoardView(ctx, boardId, perColumn));
}

/** The same view as an object, for server rendering (the page hands it to the client as props). */
export async function getBoardView(ctx: TenantContext, boardId: string, perColumn: number): Promise<BoardView> {
  return JSON.parse(await readBoardView(ctx, boardId, perColumn)) as BoardView;
}
