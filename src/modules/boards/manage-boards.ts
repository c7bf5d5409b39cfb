import type { TenantContext } from '../../server/context';
import { withTenant } from '../../server/db/tenant';
import { notFound } from '../../server/errors';
import { assertCan } from '../access/policy';
import { recordAudit } from '../audit/record-audit';
import { toBoardDto, toColumnDto } from './dto';
import { positionBetween } from './ordering';
import {
  deleteBoard as removeBoard,
  findBoard,
  insertBoard,
  insertColumns,
  listBoards as selectBoards,
  updateBoard as saveBoard,
} from './repository';
import { publishBoardEvent } from '../../server/realtime/publish';

const DEFAULT_COLUMNS = ['To do', 'In progress', 'Done'];

export async function listBoards(ctx: TenantContext, includeArchived: boolean) {
  assertCan(ctx.role, 'board:read');
  const rows = await withTenant(ctx.tenantId, (tx) => selectBoards(tx, includeArchived));
  return { data: rows.map(toBoardDto) };
}

export async function createBoard(
  ctx: TenantContext,
  input: { name: string; description: string; columns?: string[] },
) {
  assertCan(ctx.role, 'board:create');
  return withTenant(ctx.tenantId, async (tx) => {
    const board = await insertBoard(tx, { tenantId: ctx.tenantId, name: input.name, description: input.description });
    let position: string | null = null;
    const columnRows = (input.columns ?? DEFAULT_COLUMNS).map((name) => {
      position = positionBetween(position, null);
      return { tenantId: ctx.tenantId, boardId: board.id, name, position };
    });
    const created = await insertColumns(tx, columnRows);
    const dto = toBoardDto(board);
    await recordAudit(tx, ctx, {
      action: 'CREATE',
      resourceType: 'board',
      resourceId: board.id,
      after: { ...dto, columns: created.map((c) => c.name) },
    });
    return { ...dto, columns: created.map((c) => toColumnDto(c, 0)) };
  });
}

export async function updateBoard(
  ctx: TenantContext,
  boardId: string,
  input: { name?: string; description?: string; archived?: boolean },
) {
  const { archived, ...fields } = input;
  assertCan(ctx.role, 'board:update');
  return withTenant(ctx.tenantId, async (tx) => {
    const before = await findBoard(tx, boardId, true);
    if (!before) throw notFound('Board');
    const changes = {
      ...fields,
      ...(archived === undefined ? {} : { archivedAt: archived ? (before.archivedAt ?? new Date()) : null }),
    };
    const after = await saveBoard(tx, boardId, changes);
    const action =
      archived === true && !before.archivedAt
        ? 'ARCHIVE'
        : archived === false && before.archivedAt
          ? 'RESTORE'
          : 'UPDATE';
    await recordAudit(tx, ctx, {
      action,
      resourceType: 'board',
      resourceId: boardId,
      before: toBoardDto(before),
      after: toBoardDto(after),
    });
    await publishBoardEvent(tx, { tenantId: ctx.tenantId, boardId, kind: 'board.updated' });
    return toBoardDto(after);
  });
}

export async function deleteBoard(ctx: TenantContext, boardId: string) {
  assertCan(ctx.role, 'board:delete');
  await withTenant(ctx.tenantId, async (tx) => {
    const before = await findBoard(tx, boardId, true);
    if (!before) throw notFound('Board');
    await removeBoard(tx, boardId);
    await recordAudit(tx, ctx, {
      action: 'DELETE',
      resourceType: 'board',
      resourceId: boardId,
      before: toBoardDto(before),
    });
    await publishBoardEvent(tx, { tenantId: ctx.tenantId, boardId, kind: 'board.deleted' });
  });
}
