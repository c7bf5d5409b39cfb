import type { Metadata } from 'next';
import { loadBoardView, loadFlags } from '@/api/pages';
import { BoardScreen } from '@/ui/board/board-view';
import { PER_COLUMN } from '@/ui/board/model';
import { Markdown } from '@/ui/markdown-static';

export const metadata: Metadata = { title: 'Board · Tika' };

export default async function BoardPage({ params }: { params: Promise<{ workspace: string; boardId: string }> }) {
  const { workspace, boardId } = await params;
  const segment = decodeURIComponent(workspace);
  const flags = await loadFlags(segment, ['KANBAN_SWIMLANES', 'TICKET_COMMENTS']);
  const initial = await loadBoardView(segment, boardId, PER_COLUMN);
  return (
    <BoardScreen
      boardId={boardId}
      initial={initial}
      description={initial?.board.description ? <Markdown source={initial.board.description} /> : null}
      flags={{ swimlanes: flags.KANBAN_SWIMLANES, comments: flags.TICKET_COMMENTS }}
    />
  );
}
