// tokens: API tokens of a workspace (shown once, stored hashed). Authentication by token is src/server/auth.
import 'server-only';
export { createApiToken } from './create-api-token';
export { listApiTokens } from './list-api-tokens';
export { revokeApiToken } from './revoke-api-token';
export { capTokensOfMember, revokeTokensOfDepartedMember } from './ports';
export * from './schemas';
export * from './endpoints';
export * as endpoints from './endpoints';
