import 'server-only';
import type { Role } from '@/shared/permissions';

export interface RequestMeta {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
}

export type Actor = { type: 'user'; id: string } | { type: 'token'; id: string; createdBy: string | null };

/** Everything a tenant use case needs to know about who is asking. Never built from client input alone. */
export interface TenantContext extends RequestMeta {
  tenantId: string;
  role: Role;
  actor: Actor;
  /** The person acting (the user, or the token's creator) signs in with a second factor. */
  twoFactor?: boolean;
}

/** A signed-in user acting outside any one workspace (list workspaces, create one, accept an invitation). */
export interface UserContext extends RequestMeta {
  userId: string;
  email: string;
  name: string;
  /** Whether the user proved they own `email` (better-auth's user.emailVerified). */
  emailVerified: boolean;
  /** The session's token: what the database asks for to list this user's workspaces. Never log it. */
  sessionToken: string;
  /** Whether the user signs in with a second factor (better-auth's user.twoFactorEnabled). */
  twoFactorEnabled?: boolean;
}

export function actorUserId(ctx: TenantContext): string | null {
  return ctx.actor.type === 'user' ? ctx.actor.id : null;
}

/** The person a request acts for: the signed-in user, or the creator of the API token it carries. */
export function actingForUserId(ctx: TenantContext): string | null {
  return ctx.actor.type === 'user' ? ctx.actor.id : ctx.actor.createdBy;
}
