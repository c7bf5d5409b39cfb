import type { z } from 'zod';
import type { AttemptRow, DeliveryRow, EndpointRow } from './repository';
import type { DeliveryAttemptDto, DeliveryDto, WebhookDto } from './schemas';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toWebhookDto(row: EndpointRow): z.infer<typeof WebhookDto> {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events,
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    disabledAt: iso(row.disabledAt),
    secretPrefix: row.secretPrefix,
    previousSecretExpiresAt:
      row.previousSecretExpiresAt && row.previousSecretExpiresAt > new Date()
        ? row.previousSecretExpiresAt.toISOString()
        : null,
    failingSince: iso(row.failingSince),
    lastSuccessAt: iso(row.lastSuccessAt),
    lastFailureAt: iso(row.lastFailureAt),
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toDeliveryDto(row: DeliveryRow): z.infer<typeof DeliveryDto> {
  return {
    id: row.id,
    webhookId: row.endpointId,
    eventType: row.eventType,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.lastStatusCode,
    lastDurationMs: row.lastDurationMs,
    lastError: row.lastError,
    deliveredAt: iso(row.deliveredAt),
    createdAt: row.createdAt.toISOString(),
  };
}

export function toAttemptDto(row: AttemptRow): z.infer<typeof DeliveryAttemptDto> {
  return {
    attempt: row.attempt,
    startedAt: row.startedAt.toISOString(),
    durationMs: row.durationMs,
    statusCode: row.statusCode,
    error: row.error,
    responseBody: row.responseBody,
  };
}
