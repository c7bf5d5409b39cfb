import 'server-only';
import type { Endpoint } from '../server/http/endpoint';
import { endpoints as audit } from '@/modules/audit';
import { endpoints as boards } from '@/modules/boards';
import { endpoints as comments } from '@/modules/comments';
import { endpoints as invitations } from '@/modules/invitations';
import { endpoints as members } from '@/modules/members';
import { endpoints as tickets } from '@/modules/tickets';
import { endpoints as tokens } from '@/modules/tokens';
import { endpoints as workspaces } from '@/modules/workspaces';
import { endpoints as usage } from '@/modules/usage';
import { endpoints as flags } from '@/modules/flags';
import { endpoints as labels } from '@/modules/labels';
import { endpoints as webhooks } from '@/modules/webhooks';
import { endpoints as notifications } from '@/modules/notifications';

/** Every operation of /api/v1. The OpenAPI document, the route files and the isolation matrix derive from it. */
export const apiV1: Endpoint[] = [
  workspaces,
  members,
  invitations,
  tokens,
  boards,
  tickets,
  comments,
  audit,
  usage,
  flags,
  labels,
  webhooks,
  notifications,
].flatMap((module) => Object.values(module) as Endpoint[]);

export const API_V1_PREFIX = '/api/v1';
