import Link from 'next/link';
import {
  Activity,
  Keyboard,
  KeyRound,
  Radio,
  ScrollText,
  Server,
  ShieldCheck,
  Smartphone,
  type LucideIcon,
} from 'lucide-react';
import { Logo } from './logo';
import { ThemeToggle, buttonClass } from './components';

const features: { icon: LucideIcon; title: string; text: string }[] = [
  {
    icon: Radio,
    title: 'Live for everyone',
    text: 'Moves and edits show up on every open board in well under a second.',
  },
  {
    icon: Keyboard,
    title: 'Mouse, touch and keyboard',
    text: 'Drag cards any way you like; shortcuts for new tickets, search and help.',
  },
  { icon: Smartphone, title: 'Made for phones too', text: 'One column per screen, swipe between them, drag by touch.' },
  {
    icon: ShieldCheck,
    title: 'Isolated by the database',
    text: 'Every workspace is fenced off by PostgreSQL row-level security, not just by application code.',
  },
  {
    icon: ScrollText,
    title: 'An audit log you can read',
    text: 'Who changed what, with names, links and the raw record when you need it.',
  },
  {
    icon: KeyRound,
    title: 'A real API',
    text: 'Tokens with roles, OpenAPI 3.1, idempotency keys and cursor pagination.',
  },
  {
    icon: Activity,
    title: 'Operations built in',
    text: 'Health checks, metrics, logs, rate limits and verified backups from day one.',
  },
  {
    icon: Server,
    title: 'Hosted or yours',
    text: 'Start on the embedded database, grow into PostgreSQL, Docker, Helm — or run it fully offline.',
  },
];

const preview = [
  {
    name: 'To do',
    cards: [
      ['Pricing page copy', 'marketing'],
      ['Invite the beta testers', 'growth'],
    ],
  },
  {
    name: 'In progress',
    cards: [
      ['Onboarding checklist', 'ux'],
      ['Fix the flaky sync test', 'bug'],
    ],
  },
  { name: 'Done', cards: [['Set up backups', 'ops']] },
];

/** The product's front door: what Tika is, sign up, self-host. Server-rendered, no client script of its own. */
export function Landing() {
  return (
    <div className="min-h-dvh">
      <header className="mx-auto flex h-14 max-w-6xl items-center gap-3 px-4 sm:px-6">
        <Link href="/" className="flex items-center gap-2 font-bold text-fg no-underline hover:no-underline">
          <Logo /> Tika
        </Link>
        <nav aria-label="Site" className="ml-auto flex items-center gap-1">
          <Link href="/self-host" className={buttonClass({ variant: 'ghost', size: 'sm' }, 'hidden sm:inline-flex')}>
            Self-host
          </Link>
          <Link
            href="/api-reference"
            className={buttonClass({ variant: 'ghost', size: 'sm' }, 'hidden sm:inline-flex')}
          >
            API
          </Link>
          <Link href="/sign-in" className={buttonClass({ variant: 'ghost', size: 'sm' })}>
            Sign in
          </Link>
          <ThemeToggle />
        </nav>
      </header>
      <main>
        <section className="mx-auto max-w-6xl px-4 pt-12 pb-16 text-center sm:px-6 sm:pt-20">
          <h1 className="mx-auto max-w-3xl text-4xl font-bold tracking-tight text-balance sm:text-5xl">
            The kanban board your team enjoys, on a foundation your operators trust
          </h1>
          <p className="mx-auto mt-5 max-w-2xl text-base text-pretty text-muted sm:text-lg">
            Tika is open-source kanban for teams: fast boards with real-time updates, drag and drop everywhere, and
            tenant isolation, audit logs and backups built in. Use it hosted, or run it yourself — even air-gapped.
          </p>
          <div className="mt-8 flex flex-wrap justify-center gap-3">
            <Link href="/sign-up" className={buttonClass({ variant: 'primary' }, 'h-11 px-5 text-base')}>
              Create a free account
            </Link>
            <Link href="/w" className={buttonClass({}, 'h-11 px-5 text-base')}>
              Open your boards
            </Link>
            <Link href="/self-host" className={buttonClass({ variant: 'ghost' }, 'h-11 px-5 text-base')}>
              Self-host Tika
            </Link>
          </div>
          <BoardPreview />
        </section>
        <section aria-labelledby="features" className="border-t border-border bg-surface">
          <div className="mx-auto max-w-6xl px-4 py-16 sm:px-6">
            <h2 id="features" className="text-center text-2xl font-semibold tracking-tight">
              Everything a team needs, nothing an operator fears
            </h2>
            <ul className="mt-10 grid gap-6 sm:grid-cols-2 lg:grid-cols-4">
              {features.map(({ icon: Icon, title, text }) => (
                <li key={title} className="rounded-xl border border-border bg-bg p-5">
                  <Icon className="size-5 text-accent" aria-hidden />
                  <h3 className="mt-3 text-sm font-semibold">{title}</h3>
                  <p className="mt-1 text-sm text-muted">{text}</p>
                </li>
              ))}
            </ul>
          </div>
        </section>
      </main>
      <footer className="border-t border-border">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-6 text-sm text-muted sm:px-6">
          <span>Tika · open source (AGPL-3.0)</span>
          <Link href="/self-host">Self-hosting</Link>
          <Link href="/api-reference">API reference</Link>
        </div>
      </footer>
    </div>
  );
}

function BoardPreview() {
  return (
    <div
      aria-hidden
      className="mx-auto mt-14 grid max-w-4xl grid-cols-1 gap-3 rounded-2xl border border-border bg-sunken p-3 text-left shadow-xl sm:grid-cols-3 sm:p-4"
    >
      {preview.map((column, i) => (
        <div key={column.name} className={i > 0 ? 'hidden rounded-xl bg-bg p-2.5 sm:block' : 'rounded-xl bg-bg p-2.5'}>
          <p className="px-1 pb-2 text-xs font-semibold text-muted">
            {column.name} <span className="ml-1 rounded-full bg-sunken px-1.5">{column.cards.length}</span>
          </p>
          <div className="flex flex-col gap-2">
            {column.cards.map(([title, label]) => (
              <div key={title} className="rounded-lg border border-border bg-surface p-2.5 shadow-xs">
                <p className="text-sm font-medium">{title}</p>
                <span className="mt-2 inline-block rounded bg-accent-soft px-1.5 text-[11px] font-medium text-accent">
                  {label}
                </span>
              </div>
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}
