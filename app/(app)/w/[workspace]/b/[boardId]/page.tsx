import type { Metadata } from 'next';
import { isEnabled } from '@/server/feature-flags';
import { BoardScreen } from '@/ui/board/board-view';

export const metadata: Metadata = { title: 'Board · Tika' };

export default async function BoardPage({ params }: { params: Promise<{ workspace: string; boardId: string }> }) {
  const { workspace, boardId } = await params;
  return <BoardScreen boardId={boardId} flags={{ swimlanes: isEnabled('KANBAN_SWIMLANES', { workspace }) }} />;
}
