// workspaces: the tenants — create (and the first one at sign-up), read, rename, delete; "me" and my workspaces.
import 'server-only';
export { createWorkspace, slugify } from './create-workspace';
export { createFirstWorkspace } from './create-first-workspace';
export { getWorkspace } from './get-workspace';
export { updateWorkspace } from './update-workspace';
export { deleteWorkspace } from './delete-workspace';
export { getMe } from './get-me';
export { addMembership, currentWorkspace } from './ports';
export * from './schemas';
export * from './endpoints';
export * as endpoints from './endpoints';
