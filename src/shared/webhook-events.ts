// The webhook event types (docs/webhooks.md), shared by the server (validation, emitting) and the settings page.
export const webhookEventTypes = [
  'ticket.created',
  'ticket.updated',
  'ticket.moved',
  'ticket.archived',
  'ticket.restored',
  'ticket.deleted',
  'comment.created',
  'comment.deleted',
  'board.created',
  'board.updated',
  'board.deleted',
  'column.created',
  'column.updated',
  'column.deleted',
  'member.added',
  'member.removed',
  'member.role_changed',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** The families a subscription can name as a whole: ticket.*, comment.* … */
export const webhookEventFamilies = [...new Set(webhookEventTypes.map((type) => type.split('.')[0]!))];
