'use client';

import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { webhookEventFamilies, webhookEventTypes } from '@/shared/webhook-events';
import { describeError, type Webhook, type WebhookDelivery, type WebhookDeliveryDetail } from '../api';
import { data } from '../client';
import { useWorkspace } from '../app-shell';
import {
  Badge,
  Button,
  Checkbox,
  Dialog,
  EmptyState,
  ErrorMessage,
  Field,
  Input,
  Loading,
  OneTimeSecret,
  Page,
  PageHeader,
  Section,
  Table,
  Td,
  Th,
  formatDate,
  type Tone,
} from '../components';

function status(hook: Webhook): { tone: Tone; label: string } {
  if (hook.enabled)
    return hook.failingSince
      ? { tone: 'warning', label: `On — failing since ${formatDate(hook.failingSince)}` }
      : { tone: 'success', label: 'On' };
  return hook.disabledReason === 'failing'
    ? { tone: 'danger', label: 'Off — turned off after failing for days' }
    : { tone: 'neutral', label: 'Off' };
}

function deliveryStatus(delivery: WebhookDelivery): { tone: Tone; label: string } {
  if (delivery.status === 'delivered') return { tone: 'success', label: 'Delivered' };
  if (delivery.status === 'failed') return { tone: 'danger', label: 'Failed (gave up)' };
  return delivery.attempts === 0 ? { tone: 'neutral', label: 'Queued' } : { tone: 'warning', label: 'Retrying' };
}

function EventPicker({ name, selected }: { name: string; selected: string[] }) {
  return (
    <fieldset className="flex flex-col gap-2 text-sm">
      <legend className="mb-1 font-medium text-fg">Events</legend>
      <Checkbox name={name} value="*" defaultChecked={selected.includes('*')} label="Every event" />
      <div className="grid gap-3 sm:grid-cols-2">
        {webhookEventFamilies.map((family) => (
          <div key={family} className="flex flex-col gap-1 rounded-md border border-border p-2">
            <Checkbox
              name={name}
              value={`${family}.*`}
              defaultChecked={selected.includes(`${family}.*`)}
              label={
                <>
                  Every <code>{family}</code> event
                </>
              }
            />
            {webhookEventTypes
              .filter((type) => type.startsWith(`${family}.`))
              .map((type) => (
                <Checkbox
                  key={type}
                  className="pl-6"
                  name={name}
                  value={type}
                  defaultChecked={selected.includes(type)}
                  label={<code>{type}</code>}
                />
              ))}
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/** The fields the create and edit forms share, read back from the form. */
function webhookFields(form: FormData) {
  return {
    url: String(form.get('url') ?? '').trim(),
    events: form.getAll('events').map(String),
    description: String(form.get('description') ?? '').trim(),
  };
}

/**
 * A webhook's latest deliveries; read again after each action on the page and on Refresh, which reloads the page's
 * webhooks too (`version` changes whenever they are read), so a status that changed meanwhile shows as well.
 */
function Deliveries({
  hook,
  version,
  onRefresh,
  onError,
}: {
  hook: Webhook;
  version: number;
  onRefresh: () => void;
  onError: (message: string) => void;
}) {
  const { client: api } = useWorkspace();
  const [deliveries, setDeliveries] = useState<WebhookDelivery[] | null>(null);
  const [open, setOpen] = useState<WebhookDeliveryDetail | null>(null);
  const path = { webhookId: hook.id };
  const load = useCallback(async () => {
    try {
      const page = await data(
        api.GET('/webhooks/{webhookId}/deliveries', {
          params: { path: { webhookId: hook.id }, query: { limit: 50 } },
        }),
      );
      setDeliveries(page.data);
    } catch (e) {
      onError(describeError(e));
    }
  }, [api, hook.id, onError]);
  useEffect(() => void load(), [load, version]);
  if (!deliveries) return <Loading label="Loading deliveries…" />;
  const refresh = (
    <Button size="sm" variant="ghost" onClick={onRefresh}>
      Refresh
    </Button>
  );
  if (deliveries.length === 0)
    return (
      <EmptyState title="No deliveries yet" className="mt-4">
        {refresh}
      </EmptyState>
    );
  return (
    <div className="mt-4">
      <div className="mb-2 flex justify-end">{refresh}</div>
      <Table caption={`Latest deliveries to ${hook.url}`}>
        <thead>
          <tr>
            <Th>Event</Th>
            <Th>Status</Th>
            <Th>Attempts</Th>
            <Th>Last answer</Th>
            <Th>Duration</Th>
            <Th>Created</Th>
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((d) => (
            <tr key={d.id}>
              <Td>
                <code>{d.eventType}</code>
              </Td>
              <Td>
                <Badge tone={deliveryStatus(d).tone}>{deliveryStatus(d).label}</Badge>
              </Td>
              <Td>{d.attempts}</Td>
              <Td>{d.lastStatusCode ?? d.lastError ?? '—'}</Td>
              <Td>{d.lastDurationMs === null ? '—' : `${d.lastDurationMs} ms`}</Td>
              <Td>{formatDate(d.createdAt)}</Td>
              <Td className="whitespace-nowrap">
                <Button
                  size="sm"
                  variant="ghost"
                  onClick={() =>
                    void data(
                      api.GET('/webhooks/{webhookId}/deliveries/{deliveryId}', {
                        params: { path: { ...path, deliveryId: d.id } },
                      }),
                    ).then(setOpen, (e) => onError(describeError(e)))
                  }
                >
                  Details
                </Button>
                {d.status !== 'pending' ? (
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() =>
                      void data(
                        api.POST('/webhooks/{webhookId}/deliveries/{deliveryId}/retry', {
                          params: { path: { ...path, deliveryId: d.id } },
                        }),
                      ).then(load, (e) => onError(describeError(e)))
                    }
                  >
                    Send again
                  </Button>
                ) : null}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <Dialog
        open={open !== null}
        onClose={() => setOpen(null)}
        title={open ? `Delivery msg_${open.id}` : 'Delivery'}
        description={open ? `${open.eventType} to ${hook.url}` : undefined}
        size="lg"
      >
        {open ? (
          <>
            <pre className="max-h-64 overflow-auto rounded-md bg-sunken p-3 text-xs">{open.payload}</pre>
            <ol className="mt-3 flex list-decimal flex-col gap-1 pl-5 text-sm">
              {open.attemptLog.map((a) => (
                <li key={a.attempt}>
                  {formatDate(a.startedAt)}: {a.statusCode ?? a.error} in {a.durationMs} ms
                </li>
              ))}
            </ol>
          </>
        ) : null}
      </Dialog>
    </div>
  );
}

export function WebhooksPage() {
  const { client: api, can } = useWorkspace();
  const [hooks, setHooks] = useState<Webhook[] | null>(null);
  const [secret, setSecret] = useState<{ label: string; value: string } | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Bumped after every action, so an open delivery log shows what the action did (a test event, a redelivery).
  const [version, setVersion] = useState(0);
  const load = useCallback(async () => {
    try {
      setHooks((await data(api.GET('/webhooks'))).data);
      setVersion((v) => v + 1);
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
  const at = (hook: Webhook) => ({ params: { path: { webhookId: hook.id } } });

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    try {
      const created = await data(api.POST('/webhooks', { body: webhookFields(new FormData(formElement)) }));
      setSecret({ label: `Signing secret of ${created.url}`, value: created.secret });
      setError(null);
      formElement.reset();
      await load();
    } catch (e) {
      setError(describeError(e));
    }
  }

  function save(hook: Webhook, event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = webhookFields(new FormData(event.currentTarget));
    run(data(api.PATCH('/webhooks/{webhookId}', { ...at(hook), body })).then(() => setEditing(null)));
  }

  if (!can('webhook:manage'))
    return (
      <Page>
        <PageHeader title="Webhooks" description="Only admins and owners manage webhooks." />
      </Page>
    );
  return (
    <Page>
      <PageHeader
        title="Webhooks"
        description={
          <>
            Tika POSTs a JSON event <code>{'{ type, timestamp, data }'}</code> to your URL when something changes,
            signed per <a href="https://www.standardwebhooks.com">Standard Webhooks</a> (<code>webhook-id</code>,{' '}
            <code>webhook-timestamp</code>, <code>webhook-signature</code>). Failed deliveries are retried for about a
            day.
          </>
        }
      />
      <Section title="Add a webhook" id="new-webhook">
        <form onSubmit={(event) => void create(event)} className="flex flex-col gap-4" aria-label="Add a webhook">
          <Field label="URL">
            <Input name="url" type="url" required maxLength={2048} placeholder="https://example.com/tika-events" />
          </Field>
          <Field label="Description">
            <Input name="description" maxLength={500} />
          </Field>
          <EventPicker name="events" selected={['ticket.*']} />
          <div>
            <Button type="submit" variant="primary">
              Add webhook
            </Button>
          </div>
        </form>
        <ErrorMessage error={error} className="mt-3" />
        {secret ? <OneTimeSecret label={secret.label} value={secret.value} /> : null}
      </Section>
      {hooks === null && !error ? <Loading /> : null}
      {hooks?.length === 0 ? <EmptyState title="No webhooks yet" /> : null}
      {hooks?.map((hook) => (
        <Section key={hook.id} title={<code className="break-all">{hook.url}</code>} id={`webhook-${hook.id}`}>
          {hook.description ? <p className="mt-1 text-sm text-muted">{hook.description}</p> : null}
          <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-muted">Status</dt>
            <dd>
              <Badge tone={status(hook).tone}>{status(hook).label}</Badge>
            </dd>
            <dt className="text-muted">Events</dt>
            <dd>{hook.events.join(', ')}</dd>
            <dt className="text-muted">Secret</dt>
            <dd>
              <code>{hook.secretPrefix}</code>
              {hook.previousSecretExpiresAt
                ? ` (the previous one also signs until ${formatDate(hook.previousSecretExpiresAt)})`
                : ''}
            </dd>
            <dt className="text-muted">Last success</dt>
            <dd>{hook.lastSuccessAt ? formatDate(hook.lastSuccessAt) : 'Never'}</dd>
          </dl>
          <div className="mt-4 flex flex-wrap gap-2">
            <Button
              size="sm"
              disabled={!hook.enabled}
              onClick={() => run(data(api.POST('/webhooks/{webhookId}/test', at(hook))))}
            >
              Send test event
            </Button>
            <Button size="sm" onClick={() => setShown(shown === hook.id ? null : hook.id)}>
              {shown === hook.id ? 'Hide deliveries' : 'Deliveries'}
            </Button>
            <Button size="sm" onClick={() => setEditing(editing === hook.id ? null : hook.id)}>
              Edit
            </Button>
            <Button
              size="sm"
              onClick={() =>
                run(data(api.PATCH('/webhooks/{webhookId}', { ...at(hook), body: { enabled: !hook.enabled } })))
              }
            >
              {hook.enabled ? 'Turn off' : 'Turn on'}
            </Button>
            <Button
              size="sm"
              onClick={() =>
                window.confirm('Make a new signing secret? The current one keeps signing for a day.') &&
                run(
                  data(api.POST('/webhooks/{webhookId}/rotate-secret', at(hook))).then((r) =>
                    setSecret({ label: `New signing secret of ${r.url}`, value: r.secret }),
                  ),
                )
              }
            >
              Rotate secret
            </Button>
            <Button
              size="sm"
              variant="danger-ghost"
              onClick={() =>
                window.confirm(`Delete the webhook to ${hook.url} and its delivery log?`) &&
                run(data(api.DELETE('/webhooks/{webhookId}', at(hook))))
              }
            >
              Delete
            </Button>
          </div>
          {editing === hook.id ? (
            <form
              onSubmit={(event) => save(hook, event)}
              className="mt-4 flex flex-col gap-4 border-t border-border pt-4"
              aria-label="Edit the webhook"
            >
              <Field label="URL">
                <Input name="url" type="url" required defaultValue={hook.url} />
              </Field>
              <Field label="Description">
                <Input name="description" defaultValue={hook.description} maxLength={500} />
              </Field>
              <EventPicker name="events" selected={hook.events} />
              <div>
                <Button type="submit" variant="primary">
                  Save
                </Button>
              </div>
            </form>
          ) : null}
          {shown === hook.id ? (
            <Deliveries hook={hook} version={version} onRefresh={() => void load()} onError={setError} />
          ) : null}
        </Section>
      ))}
    </Page>
  );
}
