import { handle } from '@/server/http/handler';
import { changeMemberRoleEndpoint, removeMemberEndpoint } from '@/modules/members';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const PATCH = handle(changeMemberRoleEndpoint);
export const DELETE = handle(removeMemberEndpoint);
export const { GET, POST, PUT } = refuseOtherMethods({ PATCH, DELETE });
