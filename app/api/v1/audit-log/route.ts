import { handle } from '@/server/http/handler';
import { listAuditLogEndpoint } from '@/modules/audit';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const GET = handle(listAuditLogEndpoint);
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods({ GET });
