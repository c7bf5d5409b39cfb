'use client';

import type { Schemas } from './client';
import { ApiError, describeError } from './client';

// The client's types are the OpenAPI document's (src/ui/client/schema.gen.ts, generated in the build): one shape
// from the zod schema to the DTO to the browser, and the bundle never carries the server's zod schemas. Every call
// goes through the typed client (src/ui/client: paths, parameters and bodies checked by the compiler).
export type Board = Schemas['Board'];
export type BoardView = Schemas['BoardView'];
export type Column = Schemas['Column'];
export type TicketSummary = Schemas['TicketSummary'];
export type Ticket = Schemas['Ticket'];
export type Me = Schemas['Me'];
export type MyWorkspace = Schemas['MyWorkspace'];
export type Workspace = Schemas['Workspace'];
export type Member = Schemas['Member'];
export type Invitation = Schemas['Invitation'];
export type CreatedInvitation = Schemas['CreatedInvitation'];
export type ApiToken = Schemas['ApiToken'];
export type CreatedApiToken = Schemas['CreatedApiToken'];
export type AuditEntry = Schemas['AuditEntry'];
export type TicketActivity = Schemas['TicketActivity'];
export type Comment = Schemas['Comment'];
export type Webhook = Schemas['Webhook'];
export type CreatedWebhook = Schemas['CreatedWebhook'];
export type WebhookDelivery = Schemas['WebhookDelivery'];
export type WebhookDeliveryDetail = Schemas['WebhookDeliveryDetail'];
export type Notification = Schemas['Notification'];
export { ApiError, describeError };
export type Priority = TicketSummary['priority'];
export const priorities: Priority[] = ['urgent', 'high', 'medium', 'low', 'none'];
