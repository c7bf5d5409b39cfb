import 'server-only';
import { tenantEndpoint } from '@/server/http/endpoint';
import { ApiTokenDto, ApiTokenList, ApiTokenParams, CreateApiTokenBody, CreatedApiTokenDto } from './schemas';
import { createApiToken } from './create-api-token';
import { listApiTokens } from './list-api-tokens';
import { revokeApiToken } from './revoke-api-token';

const tag = 'API tokens';

export const listApiTokensEndpoint = tenantEndpoint({
  method: 'GET',
  path: '/tokens',
  operationId: 'listApiTokens',
  summary: 'API tokens of the workspace (never the secrets)',
  tag,
  permission: 'token:manage',
  response: ApiTokenList,
  handler: (ctx) => listApiTokens(ctx),
});

export const createApiTokenEndpoint = tenantEndpoint({
  method: 'POST',
  path: '/tokens',
  operationId: 'createApiToken',
  summary: 'Create an API token; the secret is shown once',
  tag,
  permission: 'token:manage',
  body: CreateApiTokenBody,
  response: CreatedApiTokenDto,
  status: 201,
  handler: (ctx, { body }) => createApiToken(ctx, body),
});

export const revokeApiTokenEndpoint = tenantEndpoint({
  method: 'DELETE',
  path: '/tokens/{tokenId}',
  operationId: 'revokeApiToken',
  summary: 'Revoke an API token',
  tag,
  permission: 'token:manage',
  params: ApiTokenParams,
  response: ApiTokenDto,
  handler: (ctx, { params }) => revokeApiToken(ctx, params.tokenId),
});
