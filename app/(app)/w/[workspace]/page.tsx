import type { Metadata } from 'next';
import { BoardsPage } from '@/ui/boards-page';

export const metadata: Metadata = { title: 'Boards · Tika' };

export default function WorkspaceHome() {
  return <BoardsPage />;
}
