import type { Endpoint } from '../server/http/endpoint';
import * as audit from '../modules/audit/endpoints';
import * as boards from '../modules/boards/endpoints';
import * as comments from '../modules/comments/endpoints';
import * as invitations from '../modules/invitations/endpoints';
import * as members from '../modules/members/endpoints';
import * as tickets from '../modules/tickets/endpoints';
import * as tokens from '../modules/tokens/endpoints';
import * as workspaces from '../modules/workspaces/endpoints';
import * as usage from '../modules/usage/endpoints';
import * as flags from '../modules/flags/endpoints';

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
].flatMap((module) => Object.values(module) as Endpoint[]);

export const API_V1_PREFIX = '/api/v1';
