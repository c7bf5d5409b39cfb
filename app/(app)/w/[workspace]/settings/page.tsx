import type { Metadata } from 'next';
import { WorkspaceSettingsPage } from '@/ui/settings/workspace';

export const metadata: Metadata = { title: 'Workspace settings · Tika' };

export default function SettingsPage() {
  return <WorkspaceSettingsPage />;
}
