import { handle } from '@/server/http/handler';
import { listLabelsEndpoint, setLabelColourEndpoint } from '@/modules/labels';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const GET = handle(listLabelsEndpoint);
export const PUT = handle(setLabelColourEndpoint);
export const { POST, PATCH, DELETE } = refuseOtherMethods({ GET, PUT });
