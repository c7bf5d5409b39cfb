'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Permission, Role } from '@/shared/permissions';
import { ApiError, apiCall, describeError, workspaceApi, type Me, type MyWorkspace, type WorkspaceApi } from './api';
import { uiCan } from './permissions';
import { ErrorMessage, Loading } from './primitives';
import { VerifyEmailBanner } from './account/verify-banner';

interface WorkspaceContextValue {
  me: Me;
  workspace: MyWorkspace;
  role: Role;
  can: (permission: Permission) => boolean;
  api: WorkspaceApi;
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
      const value = await apiCall<Me>('GET', '/me');
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
  children,
}: {
  workspace: string;
  initialMe?: Me | null;
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
      api: workspaceApi(current.id),
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
      <main>
        <ErrorMessage error={error} />
        <button type="button" onClick={() => void reload()}>
          Try again
        </button>
      </main>
    );
  }
  if (!me)
    return (
      <main>
        <Loading />
      </main>
    );
  if (!current || !value) {
    return (
      <main>
        <h1>Workspace not found</h1>
        <p>You are not a member of “{segment}”, or it no longer exists.</p>
        <p>
          <Link href="/w">Go to your workspaces</Link>
        </p>
      </main>
    );
  }

  // The owner requires a second factor and this account has none: the API refuses every request here
  // (TWO_FACTOR_REQUIRED), so ask for the enrolment instead of showing a workspace that cannot load.
  if (current.requireTwoFactor && !me.user.twoFactorEnabled) {
    return (
      <main className="auth">
        <h1>Two-factor authentication required</h1>
        <p>
          {current.name} requires every member to sign in with a second factor. Set up two-factor authentication for
          your account, then come back.
        </p>
        <p>
          <Link className="button primary" href={`/account?next=${encodeURIComponent(pathname)}`}>
            Set up two-factor authentication
          </Link>
        </p>
        <p>
          <Link href="/w">Go to your workspaces</Link>
        </p>
      </main>
    );
  }

  const nav = [
    { href: value.base, label: 'Boards', show: true, exact: true },
    { href: `${value.base}/settings/members`, label: 'Members', show: value.can('member:read') },
    { href: `${value.base}/settings/tokens`, label: 'API tokens', show: value.can('token:manage') },
    { href: `${value.base}/settings/audit`, label: 'Audit log', show: value.can('audit:read') },
    { href: `${value.base}/settings`, label: 'Settings', show: value.can('settings:manage'), exact: true },
  ];
  return (
    <WorkspaceContext.Provider value={value}>
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className="topbar">
        <Link href={value.base} className="brand">
          Tika
        </Link>
        <WorkspaceSwitcher me={me} current={current} />
        <nav aria-label="Workspace">
          <ul>
            {nav
              .filter((item) => item.show)
              .map((item) => {
                const active = item.exact ? pathname === item.href : pathname.startsWith(item.href);
                return (
                  <li key={item.href}>
                    <Link href={item.href} aria-current={active ? 'page' : undefined}>
                      {item.label}
                    </Link>
                  </li>
                );
              })}
          </ul>
        </nav>
        <div className="account">
          <span className="muted" title={me.user.email}>
            {me.user.name} <span className="role-badge">{current.role}</span>
          </span>
          <Link href="/account">Account</Link>
          <button type="button" className="ghost" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <VerifyEmailBanner email={me.user.email} verified={me.user.emailVerified} />
      <div id="content" className="content" tabIndex={-1}>
        {children}
      </div>
    </WorkspaceContext.Provider>
  );
}

function WorkspaceSwitcher({ me, current }: { me: Me; current: MyWorkspace }) {
  const router = useRouter();
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function create() {
    const name = window.prompt('Name of the new workspace');
    if (!name?.trim()) return;
    setCreating(true);
    try {
      const created = await apiCall<{ slug: string }>('POST', '/workspaces', { body: { name: name.trim() } });
      router.push(`/w/${created.slug}`);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setCreating(false);
    }
  }
  return (
    <div className="switcher">
      <label htmlFor="workspace-switcher" className="visually-hidden">
        Workspace
      </label>
      <select
        id="workspace-switcher"
        value={current.id}
        onChange={(e) => {
          if (e.target.value === '__new') return void create();
          const next = me.workspaces.find((w) => w.id === e.target.value);
          if (next) router.push(`/w/${next.slug}`);
        }}
        disabled={creating}
      >
        {me.workspaces.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
          </option>
        ))}
        <option value="__new">+ New workspace…</option>
      </select>
      <ErrorMessage error={error} />
    </div>
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
      <main>
        <ErrorMessage error={error} />
      </main>
    );
  if (me && !first) {
    return (
      <main>
        <h1>No workspace yet</h1>
        <CreateWorkspaceForm />
      </main>
    );
  }
  return (
    <main>
      <Loading label="Opening your workspace…" />
    </main>
  );
}

function CreateWorkspaceForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="inline-form"
      onSubmit={async (e) => {
        e.preventDefault();
        const name = String(new FormData(e.currentTarget).get('name') ?? '').trim();
        try {
          const created = await apiCall<{ slug: string }>('POST', '/workspaces', { body: { name } });
          router.push(`/w/${created.slug}`);
        } catch (err) {
          setError(describeError(err));
        }
      }}
    >
      <label>
        Workspace name <input name="name" required maxLength={80} />
      </label>
      <button type="submit" className="primary">
        Create workspace
      </button>
      <ErrorMessage error={error} />
    </form>
  );
}
