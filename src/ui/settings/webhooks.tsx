'use client';

import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { webhookEventFamilies, webhookEventTypes } from '@/shared/webhook-events';
import {
  describeError,
  type CreatedWebhook,
  type Page,
  type Webhook,
  type WebhookDelivery,
  type WebhookDeliveryDetail,
} from '../api';
import { useWorkspace } from '../app-shell';
import { EmptyState, ErrorMessage, Loading, OneTimeSecret, formatDate } from '../primitives';

// Plain on purpose: the design system's primitives (issue #18) replace these controls when they land.

function statusOf(hook: Webhook): string {
  if (hook.enabled) return hook.failingSince ? `On — failing since ${formatDate(hook.failingSince)}` : 'On';
  return hook.disabledReason === 'failing' ? 'Off — turned off after failing for days' : 'Off';
}

function EventPicker({ name, selected }: { name: string; selected: string[] }) {
  return (
    <fieldset className="event-picker">
      <legend>Events</legend>
      <label>
        <input type="checkbox" name={name} value="*" defaultChecked={selected.includes('*')} /> Every event
      </label>
      {webhookEventFamilies.map((family) => (
        <div key={family}>
          <label>
            <input
              type="checkbox"
              name={name}
              value={`${family}.*`}
              defaultChecked={selected.includes(`${family}.*`)}
            />{' '}
            Every <code>{family}</code> event
          </label>
          {webhookEventTypes
            .filter((type) => type.startsWith(`${family}.`))
            .map((type) => (
              <label key={type} className="event-type">
                <input type="checkbox" name={name} value={type} defaultChecked={selected.includes(type)} />{' '}
                <code>{type}</code>
              </label>
            ))}
        </div>
      ))}
    </fieldset>
  );
}

function Deliveries({ hook, onError }: { hook: Webhook; onError: (message: string) => void }) {
  const { api } = useWorkspace();
  const [page, setPage] = useState<Page<WebhookDelivery> | null>(null);
  const [open, setOpen] = useState<WebhookDeliveryDetail | null>(null);
  const load = useCallback(async () => {
    try {
      setPage(await api.get<Page<WebhookDelivery>>(`/webhooks/${hook.id}/deliveries`, { limit: 50 }));
    } catch (e) {
      onError(describeError(e));
    }
  }, [api, hook.id, onError]);
  useEffect(() => void load(), [load]);
  if (!page) return <Loading label="Loading deliveries…" />;
  if (page.data.length === 0) return <EmptyState title="No deliveries yet" />;
  return (
    <>
      <table className="table">
        <caption>Latest deliveries to {hook.url}</caption>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last answer</th>
            <th scope="col">Duration</th>
            <th scope="col">Created</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {page.data.map((d) => (
            <tr key={d.id}>
              <td>
                <code>{d.eventType}</code>
              </td>
              <td>{d.status === 'failed' ? 'Failed (gave up)' : d.status === 'pending' ? 'Retrying' : 'Delivered'}</td>
              <td>{d.attempts}</td>
              <td>{d.lastStatusCode ?? d.lastError ?? '—'}</td>
              <td>{d.lastDurationMs === null ? '—' : `${d.lastDurationMs} ms`}</td>
              <td>{formatDate(d.createdAt)}</td>
              <td>
                <button
                  type="button"
                  className="ghost"
                  onClick={() =>
                    void api
                      .get<WebhookDeliveryDetail>(`/webhooks/${hook.id}/deliveries/${d.id}`)
                      .then(setOpen, (e) => onError(describeError(e)))
                  }
                >
                  Details
                </button>
                {d.status !== 'pending' ? (
                  <button
                    type="button"
                    className="ghost"
                    onClick={() =>
                      void api
                        .post(`/webhooks/${hook.id}/deliveries/${d.id}/retry`)
                        .then(load, (e) => onError(describeError(e)))
                    }
                  >
                    Send again
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open ? (
        <section aria-label="Delivery details">
          <h3>
            Delivery <code>msg_{open.id}</code>
          </h3>
          <pre className="payload">{open.payload}</pre>
          <ol>
            {open.attemptLog.map((a) => (
              <li key={a.attempt}>
                Attempt {a.attempt}, {formatDate(a.startedAt)}: {a.statusCode ?? a.error} in {a.durationMs} ms
              </li>
            ))}
          </ol>
          <button type="button" className="ghost" onClick={() => setOpen(null)}>
            Close
          </button>
        </section>
      ) : null}
    </>
  );
}

export function WebhooksPage() {
  const { api, can } = useWorkspace();
  const [hooks, setHooks] = useState<Webhook[] | null>(null);
  const [secret, setSecret] = useState<{ label: string; value: string } | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setHooks((await api.get<{ data: Webhook[] }>('/webhooks')).data);
    } catch (e) {
      setError(describeError(e));
    }
  }, [api]);
  useEffect(() => {
    if (can('webhook:manage')) void load();
  }, [load, can]);

  const run = (work: Promise<unknown>) =>
    void work.then(
      () => {
        setError(null);
        return load();
      },
      (e) => setError(describeError(e)),
    );

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const formElement = event.currentTarget;
    try {
      const created = await api.post<CreatedWebhook>('/webhooks', {
        url: String(form.get('url') ?? '').trim(),
        events: form.getAll('events').map(String),
        description: String(form.get('description') ?? '').trim(),
      });
      setSecret({ label: `Signing secret of ${created.url}`, value: created.secret });
      setError(null);
      formElement.reset();
      await load();
    } catch (e) {
      setError(describeError(e));
    }
  }

  async function save(hook: Webhook, event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    run(
      api
        .patch(`/webhooks/${hook.id}`, {
          url: String(form.get('url') ?? '').trim(),
          events: form.getAll('events').map(String),
          description: String(form.get('description') ?? '').trim(),
        })
        .then(() => setEditing(null)),
    );
  }

  if (!can('webhook:manage'))
    return (
      <main>
        <h1>Webhooks</h1>
        <p>Only admins and owners manage webhooks.</p>
      </main>
    );
  return (
    <main>
      <h1>Webhooks</h1>
      <p className="muted">
        Tika POSTs a JSON event <code>{'{ type, timestamp, data }'}</code> to your URL when something changes, signed
        per <a href="https://www.standardwebhooks.com">Standard Webhooks</a> (<code>webhook-id</code>,{' '}
        <code>webhook-timestamp</code>, <code>webhook-signature</code>). Failed deliveries are retried for about a day.
      </p>
      <form onSubmit={create} className="stacked-form" aria-label="Add a webhook">
        <label>
          URL
          <input name="url" type="url" required maxLength={2048} placeholder="https://example.com/tika-events" />
        </label>
        <label>
          Description
          <input name="description" maxLength={500} />
        </label>
        <EventPicker name="events" selected={['ticket.*']} />
        <button type="submit" className="primary">
          Add webhook
        </button>
      </form>
      <ErrorMessage error={error} />
      {secret ? <OneTimeSecret label={secret.label} value={secret.value} /> : null}
      {hooks === null && !error ? <Loading /> : null}
      {hooks?.length === 0 ? <EmptyState title="No webhooks yet" /> : null}
      {hooks?.map((hook) => (
        <section key={hook.id} className="card" aria-label={`Webhook ${hook.url}`}>
          <h2>
            <code>{hook.url}</code>
          </h2>
          {hook.description ? <p>{hook.description}</p> : null}
          <dl className="facts">
            <dt>Status</dt>
            <dd>{statusOf(hook)}</dd>
            <dt>Events</dt>
            <dd>{hook.events.join(', ')}</dd>
            <dt>Secret</dt>
            <dd>
              <code>{hook.secretPrefix}</code>
              {hook.previousSecretExpiresAt
                ? ` (the previous one also signs until ${formatDate(hook.previousSecretExpiresAt)})`
                : ''}
            </dd>
            <dt>Last success</dt>
            <dd>{hook.lastSuccessAt ? formatDate(hook.lastSuccessAt) : 'Never'}</dd>
          </dl>
          <div className="actions">
            <button type="button" onClick={() => run(api.post(`/webhooks/${hook.id}/test`))} disabled={!hook.enabled}>
              Send test event
            </button>
            <button type="button" onClick={() => setShown(shown === hook.id ? null : hook.id)}>
              {shown === hook.id ? 'Hide deliveries' : 'Deliveries'}
            </button>
            <button type="button" onClick={() => setEditing(editing === hook.id ? null : hook.id)}>
              Edit
            </button>
            <button type="button" onClick={() => run(api.patch(`/webhooks/${hook.id}`, { enabled: !hook.enabled }))}>
              {hook.enabled ? 'Turn off' : 'Turn on'}
            </button>
            <button
              type="button"
              onClick={() =>
                window.confirm('Make a new signing secret? The current one keeps signing for a day.') &&
                run(
                  api
                    .post<CreatedWebhook>(`/webhooks/${hook.id}/rotate-secret`)
                    .then((r) => setSecret({ label: `New signing secret of ${r.url}`, value: r.secret })),
                )
              }
            >
              Rotate secret
            </button>
            <button
              type="button"
              className="ghost danger"
              onClick={() =>
                window.confirm(`Delete the webhook to ${hook.url} and its delivery log?`) &&
                run(api.del(`/webhooks/${hook.id}`))
              }
            >
              Delete
            </button>
          </div>
          {editing === hook.id ? (
            <form onSubmit={(e) => void save(hook, e)} className="stacked-form" aria-label="Edit the webhook">
              <label>
                URL
                <input name="url" type="url" required defaultValue={hook.url} />
              </label>
              <label>
                Description
                <input name="description" defaultValue={hook.description} maxLength={500} />
              </label>
              <EventPicker name="events" selected={hook.events} />
              <button type="submit" className="primary">
                Save
              </button>
            </form>
          ) : null}
          {shown === hook.id ? <Deliveries hook={hook} onError={setError} /> : null}
        </section>
      ))}
    </main>
  );
}
