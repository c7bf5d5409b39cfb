import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, within } from '@testing-library/react';
import { OperationsPage } from '@/ui/admin/operations-page';
import { segments } from '@/ui/admin/chart';
import { resetEnv } from '../../src/server/env';
import { observeRequest } from '../../src/server/metrics';
import { resetOpsHistory, sampleOpsHistory } from '../../src/server/ops-history';
import { screen, signedIn, userEvent, waitFor } from './render';

// The operations page for instance admins, rendered against the real handlers of /api/ops/doctor (tika doctor run
// against this process's database) and /api/ops/history (the in-process ring buffer), with the session cookie.

afterEach(() => {
  delete process.env.TIKA_ADMIN_EMAILS;
  delete process.env.GRAFANA_URL;
  resetEnv();
  resetOpsHistory();
});

function adminIs(email: string, grafana?: string) {
  process.env.TIKA_ADMIN_EMAILS = email;
  if (grafana) process.env.GRAFANA_URL = grafana;
  resetEnv();
}

async function openPage() {
  history.replaceState(null, '', '/admin/operations');
  render(<OperationsPage />);
  return userEvent.setup();
}

describe('the operations page', () => {
  it('tells someone who is not an instance admin that it is not for them, and shows no data', async () => {
    const someone = await signedIn('Someone Else');
    adminIs('the-admin@example.test');
    await openPage();
    expect((await screen.findByText("This page is for the instance's administrators.")).textContent).toBeTruthy();
    expect(screen.getByText('TIKA_ADMIN_EMAILS')).toBeTruthy();
    expect(screen.queryByText('Where this deployment stands')).toBeNull();
    expect(someone.email).not.toBe('the-admin@example.test');
  });

  it("shows an admin the doctor's stages with evidence and fixes, charts of the recent points and the instance", async () => {
    const admin = await signedIn('Ops Admin');
    adminIs(admin.email, 'https://grafana.example.test/');
    // Three samples with traffic between them: two points for the charts.
    const now = Date.now();
    await sampleOpsHistory(now - 60_000);
    for (let i = 0; i < 12; i++) observeRequest('GET', '/api/v1/boards', 200, 20 + i);
    observeRequest('POST', '/api/v1/tickets', 500, 8);
    await sampleOpsHistory(now - 30_000);
    for (let i = 0; i < 4; i++) observeRequest('GET', '/api/v1/me', 200, 10);
    await sampleOpsHistory(now);

    const user = await openPage();
    const verdict = await screen.findByTestId('doctor-verdict', {}, { timeout: 60_000 });
    // The test suite's session secret is a readable string: the doctor fails MVP's secrets item, so nothing is met.
    expect(verdict.textContent).toMatch(/This deployment does not meet MVP yet\. \d+ pass, \d+ warn, \d+ fail/);
    expect(verdict.textContent).toContain('MVP needs:');
    for (const stage of ['mvp', 'team', 'saas', 'enterprise'])
      expect(document.querySelector(`details[data-stage="${stage}"]`)).not.toBeNull();
    const reachable = document.querySelector<HTMLElement>('[data-item="database.reachable"]')!;
    expect(reachable.dataset.status).toBe('pass');
    expect(within(reachable).getByText('PASS')).toBeTruthy();
    const secrets = document.querySelector<HTMLElement>('[data-item="secrets.strong"]')!;
    expect(secrets.dataset.status).toBe('fail');
    expect(secrets.textContent).toMatch(/BETTER_AUTH_SECRET: made of words/);
    expect(within(secrets).getByText('Fix:')).toBeTruthy();

    // Charts: every metric the issue names, drawn from the two points, latest values said in the label.
    const requests = screen.getByRole('img', { name: /^Requests and errors per minute, latest: requests 8\.00 \/min/ });
    expect(requests.querySelectorAll('polyline[data-series="requests"]').length).toBe(1);
    expect(requests.getAttribute('aria-label')).toContain('5xx errors 0.00 /min');
    for (const title of ['API latency', 'Database pool', 'Rate limits', 'Mail', 'Live-update streams (SSE)', 'Memory'])
      expect(
        screen.getByRole('img', { name: new RegExp(`^${title.replace(/[()]/g, '\\$&')}, latest: `) }),
      ).toBeTruthy();
    expect(screen.getByRole('img', { name: /^Memory, latest: resident \d/ })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Dashboard in Grafana' }).getAttribute('href')).toBe(
      'https://grafana.example.test/d/tika-overview',
    );

    // Check again asks for a new report and shows it.
    const asked = vi.spyOn(globalThis, 'fetch');
    await user.click(screen.getByRole('button', { name: 'Check again' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Check again' })).toBeTruthy(), { timeout: 60_000 });
    expect(asked.mock.calls.filter(([url]) => String(url) === '/api/ops/doctor')).toHaveLength(1);
    await waitFor(async () => expect(((await asked.mock.results[0]!.value) as Response).status).toBe(200));
    expect(screen.getByTestId('doctor-verdict').textContent).toMatch(/checked/);
    asked.mockRestore();
  }, 180_000);

  it('says it is collecting until the second point, and offers the Grafana setting when it is not set', async () => {
    const admin = await signedIn('Ops Admin Two');
    adminIs(admin.email);
    await openPage();
    expect((await screen.findByText(/^Collecting: one point every 30 s \(0 points so far\)/)).textContent).toBeTruthy();
    expect(screen.getByText(/Set GRAFANA_URL to link the Grafana dashboard/)).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Dashboard in Grafana' })).toBeNull();
  }, 180_000);
});

describe('chart lines', () => {
  it('break at a missing value instead of drawing a zero', () => {
    const x = (i: number) => i * 10;
    const y = (v: number) => 100 - v;
    expect(segments([1, 2, null, 4], x, y)).toEqual(['0.0,99.0 10.0,98.0', '30.0,96.0']);
    expect(segments([null, null], x, y)).toEqual([]);
  });
});
