// members: a workspace's members and their roles; leaving; ownership transfer.
import 'server-only';
export { listMembers } from './list-members';
export { changeMemberRole } from './change-member-role';
export { removeMember } from './remove-member';
export { leaveWorkspace } from './leave-workspace';
export { transferOwnership } from './transfer-ownership';
export { removeDeletedAccount } from './remove-deleted-account';
export { memberRole, memberProfile } from './ports';
export * from './schemas';
export * from './endpoints';
export * as endpoints from './endpoints';
