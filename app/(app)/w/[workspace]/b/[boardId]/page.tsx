import type { Metadata } from 'next';
import { loadBoardView, loadFlags } from '@/api/pages';
import { BoardScreen } from '@/ui/board/board-view';
import { PER_COLUMN } from '@/ui/board/model';

export const metadata: Metadata = { title: 'Board · Tika' };

export default async function BoardPage({ params }: { params: Promise<{ workspace: string; boardId: string }> }) {
  const { workspace, boardId } = await params;
  const segment = decodeURIComponent(workspace);
  const flags = await loadFlags(segment, ['KANBAN_SWIMLANES', 'TICKET_COMMENTS']);
  return (
    <BoardScreen
      boardId={boardId}
      initial={await loadBoardView(segment, boardId, PER_COLUMN)}
      flags={{ swimlanes: flags.KANBAN_SWIMLANES, comments: flags.TICKET_COMMENTS }}
    />
  );
}
