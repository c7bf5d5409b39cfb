import { handle } from '@/server/http/handler';
import { listAuditLogEndpoint } from '@/modules/audit/endpoints';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const GET = handle(listAuditLogEndpoint);
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods({ GET });
