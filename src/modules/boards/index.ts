// boards: boards, their ordered columns (WIP limits) and the board view (columns with their first cards).
import 'server-only';
export { listBoards } from './list-boards';
export { createBoard } from './create-board';
export { updateBoard } from './update-board';
export { deleteBoard } from './delete-board';
export { createColumn } from './create-column';
export { updateColumn } from './update-column';
export { deleteColumn } from './delete-column';
export { getBoardView, getBoardViewJson, type BoardView } from './get-board-view';
export { assertBoardReadable } from './assert-board-readable';
export * from './schemas';
export * from './endpoints';
export * as endpoints from './endpoints';
