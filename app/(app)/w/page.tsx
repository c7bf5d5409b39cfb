import type { Metadata } from 'next';
import { WorkspaceRedirect } from '@/ui/app-shell';

export const metadata: Metadata = { title: 'Workspaces · Tika' };

export default function WorkspacesPage() {
  return <WorkspaceRedirect />;
}
