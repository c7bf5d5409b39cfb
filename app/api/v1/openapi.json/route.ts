import { openApiDocumentResponse } from '@/server/http/openapi-route';

export const GET = openApiDocumentResponse;
