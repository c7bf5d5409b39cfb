import type { ReactNode } from 'react';
import { loadMe } from '@/api/pages';
import { AppShell } from '@/ui/app-shell';

export default async function WorkspaceLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ workspace: string }>;
}) {
  const { workspace } = await params;
  return (
    <AppShell workspace={decodeURIComponent(workspace)} initialMe={await loadMe()}>
      {children}
    </AppShell>
  );
}
