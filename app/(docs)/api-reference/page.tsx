import { ApiReference } from '@/ui/api-reference';
import { openApiDocument } from '@/api/openapi';

export const metadata = { title: 'Tika API reference' };

export default function ApiReferencePage() {
  return <ApiReference document={openApiDocument()} />;
}
