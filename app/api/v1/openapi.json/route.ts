import { openApiDocumentResponse } from '@/api/openapi-route';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const GET = openApiDocumentResponse;
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods({ GET });
