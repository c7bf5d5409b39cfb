import 'server-only';
import { openApiDocument } from './openapi';

export function openApiDocumentResponse(): Response {
  return Response.json(openApiDocument(), { headers: { 'cache-control': 'public, max-age=300' } });
}
