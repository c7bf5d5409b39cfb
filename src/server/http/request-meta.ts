import 'server-only';
import { randomUUID } from 'node:crypto';
import type { RequestMeta } from '../context';
import { clientIp } from './client-ip';

export { clientIp } from './client-ip';

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Take the caller's x-request-id when it looks like one (so traces join up), else mint one. */
export function requestIdFrom(headers: Headers): string {
  const incoming = headers.get('x-request-id');
  return incoming && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

export function requestMeta(request: Request): RequestMeta {
  const userAgent = request.headers.get('user-agent');
  return {
    requestId: requestIdFrom(request.headers),
    ip: clientIp(request.headers),
    userAgent: userAgent ? userAgent.slice(0, 512) : null,
  };
}
