'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type FormEvent,
  type ReactNode,
} from 'react';
import type { Permission, Role } from '@/shared/permissions';
import { ApiError, describeError, type Me, type MyWorkspace } from './api';
import { createApiClient, data, type ApiClient } from './client';
import { AuthLayout } from './auth-layout';
import { Logo } from './logo';
import { QueryProvider } from './query';
import { UnreadCount, useUnreadNotices } from './notifications-unread';
import { LabelColoursProvider, type LabelColourMap } from './labels';
import { uiCan } from './permissions';
import { VerifyEmailBanner, VerifyEmailButton } from './account/verify-banner';
import { Check, ChevronDown, ChevronsUpDown, LogOut, Plus } from 'lucide-react';
import {
  Avatar,
  Button,
  Dialog,
  ErrorMessage,
  Field,
  Input,
  Loading,
  Menu,
  MenuItem,
  MenuLabel,
  MenuLink,
  MenuSeparator,
  Page,
  PageHeader,
  Section,
  ThemeToggle,
  buttonClass,
  cn,
} from './components';

interface WorkspaceContextValue {
  me: Me;
  workspace: MyWorkspace;
  role: Role;
  can: (permission: Permission) => boolean;
  /** The typed API client (generated from the OpenAPI document), bound to this workspace. */
  client: ApiClient;
  /** The URL segment of this workspace (its slug). */
  base: string;
  reloadMe: () => Promise<Me | null>;
}

const WorkspaceContext = createContext<WorkspaceContextValue | null>(null);

export function useWorkspace(): WorkspaceContextValue {
  const value = useContext(WorkspaceContext);
  if (!value) throw new Error('useWorkspace outside <AppShell>');
  return value;
}

/** Loads the signed-in user; sends anyone signed out to the sign-in page, coming back here afterwards. */
export function useMe(initialMe: Me | null = null) {
  const router = useRouter();
  const pathname = usePathname();
  const [me, setMe] = useState<Me | null>(initialMe);
  const skipFirst = useRef(initialMe !== null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      const value = await data(createApiClient().GET('/me'));
      setMe(value);
      setError(null);
      return value;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) router.replace(`/sign-in?next=${encodeURIComponent(pathname)}`);
      else setError(describeError(e));
      return null;
    }
  }, [router, pathname]);
  useEffect(() => {
    // Rendered on the server with the user already: no second round trip on first load.
    if (skipFirst.current) {
      skipFirst.current = false;
      return;
    }
    void load();
  }, [load]);
  return { me, error, reload: load };
}

export function AppShell({
  workspace: segment,
  initialMe = null,
  initialLabelColours = null,
  children,
}: {
  workspace: string;
  initialMe?: Me | null;
  /** The workspace's label colours as the server rendered them (null: loaded through the API). */
  initialLabelColours?: LabelColourMap | null;
  children: ReactNode;
}) {
  const { me, error, reload } = useMe(initialMe);
  const router = useRouter();
  const pathname = usePathname();
  // By id first: a slug shaped like another workspace's id must not capture it (issue #12).
  const current =
    me?.workspaces.find((w) => w.id === segment.toLowerCase()) ??
    me?.workspaces.find((w) => w.slug === segment) ??
    null;

  const value = useMemo<WorkspaceContextValue | null>(() => {
    if (!me || !current) return null;
    return {
      me,
      workspace: current,
      role: current.role,
      can: (permission) => uiCan(current.role, permission),
      client: createApiClient(current.id),
      base: `/w/${current.slug}`,
      reloadMe: reload,
    };
  }, [me, current, reload]);

  async function signOut() {
    // Loaded on demand: the auth client is not needed to render a board.
    const { authClient } = await import('./auth-client');
    await authClient.signOut();
    router.replace('/sign-in');
    router.refresh();
  }

  if (error) {
    return (
      <Page>
        <ErrorMessage error={error} />
        <Button className="mt-3" onClick={() => void reload()}>
          Try again
        </Button>
      </Page>
    );
  }
  if (!me)
    return (
      <Page>
        <Loading />
      </Page>
    );
  if (!current || !value) {
    return (
      <Page>
        <PageHeader
          title="Workspace not found"
          description={`You are not a member of “${segment}”, or it no longer exists.`}
        />
        <Link href="/w">Go to your workspaces</Link>
      </Page>
    );
  }

  // The owner requires a second factor and this account has none: the API refuses every request here
  // (TWO_FACTOR_REQUIRED), so ask for the enrolment instead of showing a workspace that cannot load.
  if (current.requireTwoFactor && !me.user.twoFactorEnabled) {
    return (
      <AuthLayout title="Two-factor authentication required" footer={<Link href="/w">Go to your workspaces</Link>}>
        <div className="flex flex-col gap-4 text-sm">
          <p>
            {current.name} requires every member to sign in with a second factor. Set up two-factor authentication for
            your account, then come back.
          </p>
          <Link
            className={buttonClass({ variant: 'primary' }, 'w-full')}
            href={`/account?next=${encodeURIComponent(pathname)}`}
          >
            Set up two-factor authentication
          </Link>
        </div>
      </AuthLayout>
    );
  }

  const nav = [
    { href: value.base, label: 'Boards', show: true, exact: true },
    { href: `${value.base}/settings/members`, label: 'Members', show: value.can('member:read') },
    { href: `${value.base}/notifications`, label: <NotificationsLabel />, show: true },
    { href: `${value.base}/settings/tokens`, label: 'API tokens', show: value.can('token:manage') },
    { href: `${value.base}/settings/webhooks`, label: 'Webhooks', show: value.can('webhook:manage') },
    { href: `${value.base}/settings/audit`, label: 'Audit log', show: value.can('audit:read') },
    { href: `${value.base}/settings`, label: 'Settings', show: value.can('settings:manage'), exact: true },
  ]
    .filter((item) => item.show)
    .map((item) => ({
      ...item,
      // A ticket opened from a board belongs to "Boards".
      active: item.exact
        ? pathname === item.href || (item.href === value.base && /\/(b|t)\//.test(pathname))
        : pathname.startsWith(item.href),
    }));
  return (
    // One cache per workspace: its keys (members, boards, tickets) never leak across workspaces.
    <QueryProvider key={current.id}>
      <WorkspaceContext.Provider value={value}>
        <a
          className="sr-only z-50 rounded-md bg-surface px-3 py-2 focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
          href="#content"
        >
          Skip to content
        </a>
        <header className="topbar sticky top-0 z-30 flex h-12 items-center gap-2 border-b border-border bg-surface/95 px-3 backdrop-blur sm:gap-3 sm:px-4">
          <Link
            href={value.base}
            className="brand flex items-center gap-1.5 font-bold text-fg no-underline hover:no-underline"
          >
            <Logo />
            <span className="hidden sm:inline">Tika</span>
          </Link>
          <WorkspaceSwitcher me={me} current={current} />
          <nav aria-label="Workspace" className="hidden min-w-0 md:block">
            <ul className="flex items-center gap-0.5">
              {nav.map((item) => (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    aria-current={item.active ? 'page' : undefined}
                    className={cn(
                      'rounded-md px-2.5 py-1.5 text-sm font-medium no-underline hover:bg-sunken hover:no-underline',
                      item.active ? 'bg-sunken text-fg' : 'text-muted hover:text-fg',
                    )}
                  >
                    {item.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <div className="ml-auto flex items-center gap-1">
            <VerifyEmailButton email={me.user.email} verified={me.user.emailVerified} />
            <ThemeToggle />
            <Menu
              label="Account and navigation"
              trigger={
                <button
                  type="button"
                  className={buttonClass({ variant: 'ghost', size: 'sm' }, 'h-9 gap-2 px-1.5')}
                  aria-label={`Account: ${me.user.name || me.user.email}`}
                >
                  <Avatar name={me.user.name || me.user.email} size="sm" />
                  <Menu_Icon />
                </button>
              }
            >
              <MenuLabel>
                <span className="block truncate text-sm text-fg">{me.user.name || me.user.email}</span>
                <span className="block truncate">
                  {me.user.email} · {current.role}
                </span>
              </MenuLabel>
              <MenuSeparator />
              <div className="md:hidden">
                {nav.map((item) => (
                  <MenuLink key={item.href} href={item.href} active={item.active}>
                    {item.label}
                  </MenuLink>
                ))}
                <MenuSeparator />
              </div>
              <MenuLink href="/account">Account and security</MenuLink>
              {me.user.instanceAdmin ? <MenuLink href="/admin/operations">Instance operations</MenuLink> : null}
              {me.user.instanceAdmin ? <MenuLink href="/admin/jobs">Background jobs</MenuLink> : null}
              <MenuSeparator />
              <MenuItem onSelect={() => void signOut()}>
                <LogOut className="size-4" aria-hidden /> Sign out
              </MenuItem>
            </Menu>
          </div>
        </header>
        <VerifyEmailBanner email={me.user.email} verified={me.user.emailVerified} />
        <div id="content" className="content outline-none" tabIndex={-1}>
          <LabelColoursProvider client={value.client} initial={initialLabelColours}>
            {children}
          </LabelColoursProvider>
        </div>
      </WorkspaceContext.Provider>
    </QueryProvider>
  );
}

/** "Notifications" with the member's unread count beside it (inside the workspace's query cache). */
function NotificationsLabel() {
  const { client } = useWorkspace();
  return (
    <>
      Notifications
      <UnreadCount count={useUnreadNotices(client)} />
    </>
  );
}

function Menu_Icon() {
  return <ChevronDown className="size-3.5 text-muted" aria-hidden />;
}

function WorkspaceSwitcher({ me, current }: { me: Me; current: MyWorkspace }) {
  const router = useRouter();
  const [creating, setCreating] = useState(false);
  return (
    <>
      <Menu
        align="start"
        label="Workspaces"
        trigger={
          <button
            type="button"
            className={buttonClass(
              { variant: 'ghost', size: 'sm' },
              'h-8 max-w-[12rem] gap-1 px-2 text-fg sm:max-w-[16rem]',
            )}
            aria-label={`Workspace: ${current.name}`}
            data-testid="workspace-switcher"
          >
            <span className="truncate">{current.name}</span>
            <ChevronsUpDown className="size-3.5 shrink-0 text-muted" aria-hidden />
          </button>
        }
      >
        <MenuLabel>Workspaces</MenuLabel>
        {me.workspaces.map((w) => (
          <MenuItem key={w.id} onSelect={() => router.push(`/w/${w.slug}`)}>
            <span className="flex-1 truncate">{w.name}</span>
            {w.id === current.id ? <Check className="size-4 text-accent" aria-label="current" /> : null}
          </MenuItem>
        ))}
        <MenuSeparator />
        <MenuItem onSelect={() => setCreating(true)}>
          <Plus className="size-4" aria-hidden /> New workspace…
        </MenuItem>
      </Menu>
      <Dialog open={creating} onClose={() => setCreating(false)} title="New workspace" size="sm">
        <CreateWorkspaceForm onDone={() => setCreating(false)} />
      </Dialog>
    </>
  );
}

/** /w: the first workspace, or a prompt to create one. */
export function WorkspaceRedirect() {
  const { me, error } = useMe();
  const router = useRouter();
  const first = me?.workspaces[0];
  useEffect(() => {
    if (first) router.replace(`/w/${first.slug}`);
  }, [first, router]);
  if (error)
    return (
      <Page>
        <ErrorMessage error={error} />
      </Page>
    );
  if (me && !first) {
    return (
      <Page className="max-w-md">
        <PageHeader title="No workspace yet" description="A workspace holds your team's boards, members and tokens." />
        <Section>
          <CreateWorkspaceForm />
        </Section>
      </Page>
    );
  }
  return (
    <Page>
      <Loading label="Opening your workspace…" />
    </Page>
  );
}

function CreateWorkspaceForm({ onDone }: { onDone?: () => void }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const name = String(new FormData(e.currentTarget).get('name') ?? '').trim();
    setBusy(true);
    try {
      const created = await data(createApiClient().POST('/workspaces', { body: { name } }));
      onDone?.();
      router.push(`/w/${created.slug}`);
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  }
  return (
    <form className="flex flex-col gap-4" onSubmit={(event) => void create(event)}>
      <Field label="Workspace name">
        <Input name="name" required maxLength={80} autoFocus />
      </Field>
      <ErrorMessage error={error} />
      <Button type="submit" variant="primary" disabled={busy} className="self-start">
        Create workspace
      </Button>
    </form>
  );
}
