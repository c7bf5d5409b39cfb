import type { ReactNode } from 'react';
import { loadLabelColours, loadMe } from '@/api/pages';
import { AppShell } from '@/ui/app-shell';

export default async function WorkspaceLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ workspace: string }>;
}) {
  const { workspace } = await params;
  const segment = decodeURIComponent(workspace);
  const [me, labelColours] = await Promise.all([loadMe(), loadLabelColours(segment)]);
  return (
    <AppShell workspace={segment} initialMe={me} initialLabelColours={labelColours}>
      {children}
    </AppShell>
  );
}
