import { handle } from '@/server/http/handler';
import { changeMemberRoleEndpoint, removeMemberEndpoint } from '@/modules/members/endpoints';

export const PATCH = handle(changeMemberRoleEndpoint);
export const DELETE = handle(removeMemberEndpoint);
