import 'server-only';
import { tenantEndpoint } from '@/server/http/endpoint';
import {
  BoardDto,
  BoardList,
  BoardParams,
  BoardQuery,
  BoardViewDto,
  BoardViewQuery,
  ColumnDto,
  ColumnParams,
  CreateBoardBody,
  CreateColumnBody,
  UpdateBoardBody,
  UpdateColumnBody,
} from './schemas';
import { listBoards } from './list-boards';
import { createBoard } from './create-board';
import { updateBoard } from './update-board';
import { deleteBoard } from './delete-board';
import { getBoardViewJson } from './get-board-view';
import { createColumn } from './create-column';
import { updateColumn } from './update-column';
import { deleteColumn } from './delete-column';

const tag = 'Boards';

export const listBoardsEndpoint = tenantEndpoint({
  method: 'GET',
  path: '/boards',
  operationId: 'listBoards',
  summary: 'List boards',
  tag,
  permission: 'board:read',
  query: BoardQuery,
  response: BoardList,
  handler: (ctx, { query }) => listBoards(ctx, query.includeArchived),
});

export const createBoardEndpoint = tenantEndpoint({
  method: 'POST',
  path: '/boards',
  operationId: 'createBoard',
  summary: 'Create a board (with columns)',
  tag,
  permission: 'board:create',
  body: CreateBoardBody,
  response: BoardDto.extend({ columns: ColumnDto.array() }),
  status: 201,
  handler: (ctx, { body }) => createBoard(ctx, body),
});

export const getBoardEndpoint = tenantEndpoint({
  method: 'GET',
  path: '/boards/{boardId}',
  operationId: 'getBoard',
  summary: 'A board with its columns and the first page of each column',
  tag,
  permission: 'board:read',
  params: BoardParams,
  query: BoardViewQuery,
  response: BoardViewDto,
  handler: (ctx, { params, query }) => getBoardViewJson(ctx, params.boardId, query.perColumn),
});

export const updateBoardEndpoint = tenantEndpoint({
  method: 'PATCH',
  path: '/boards/{boardId}',
  operationId: 'updateBoard',
  summary: 'Rename, describe, archive or restore a board',
  tag,
  permission: 'board:update',
  params: BoardParams,
  body: UpdateBoardBody,
  response: BoardDto,
  handler: (ctx, { params, body }) => updateBoard(ctx, params.boardId, body),
});

export const deleteBoardEndpoint = tenantEndpoint({
  method: 'DELETE',
  path: '/boards/{boardId}',
  operationId: 'deleteBoard',
  summary: 'Delete a board and everything on it',
  tag,
  permission: 'board:delete',
  params: BoardParams,
  status: 204,
  handler: (ctx, { params }) => deleteBoard(ctx, params.boardId),
});

export const createColumnEndpoint = tenantEndpoint({
  method: 'POST',
  path: '/boards/{boardId}/columns',
  operationId: 'createColumn',
  summary: 'Add a column',
  tag,
  permission: 'column:manage',
  params: BoardParams,
  body: CreateColumnBody,
  response: ColumnDto,
  status: 201,
  handler: (ctx, { params, body }) => createColumn(ctx, params.boardId, body),
});

export const updateColumnEndpoint = tenantEndpoint({
  method: 'PATCH',
  path: '/columns/{columnId}',
  operationId: 'updateColumn',
  summary: 'Rename, reorder or set the WIP limit of a column',
  tag,
  permission: 'column:manage',
  params: ColumnParams,
  body: UpdateColumnBody,
  response: ColumnDto,
  handler: (ctx, { params, body }) => updateColumn(ctx, params.columnId, body),
});

export const deleteColumnEndpoint = tenantEndpoint({
  method: 'DELETE',
  path: '/columns/{columnId}',
  operationId: 'deleteColumn',
  summary: 'Delete an empty column',
  tag,
  permission: 'column:manage',
  params: ColumnParams,
  status: 204,
  handler: (ctx, { params }) => deleteColumn(ctx, params.columnId),
});
