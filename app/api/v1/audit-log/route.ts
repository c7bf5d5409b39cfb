import { handle } from '@/server/http/handler';
import { listAuditLogEndpoint } from '@/modules/audit/endpoints';

export const GET = handle(listAuditLogEndpoint);
