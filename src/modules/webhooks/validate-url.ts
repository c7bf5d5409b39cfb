import 'server-only';
import { AppError } from '@/server/errors';
import { env } from '@/server/env';
import { OutboundRefused, parseAllowList, parseTarget, refusedAddress } from '@/server/outbound';

/**
 * Early feedback when a URL can never be delivered to: not http(s), credentials in it, or a literal address that is
 * private, loopback or metadata (also spelled in decimal, hex or IPv6), or "localhost". Host names are checked
 * again at every delivery, on the address actually connected to (DNS can change).
 */
export function assertDeliverableUrl(url: string): void {
  const allow = parseAllowList(env().WEBHOOK_ALLOWED_HOSTS);
  let problem: string | null = null;
  try {
    const target = parseTarget(url);
    const host = target.hostname.replace(/^\[|\]$/g, '');
    if (/^[0-9a-f:.]+$/i.test(host) && (host.includes(':') || /^[\d.]+$/.test(host)))
      problem = refusedAddress(host, allow);
    else if (/^localhost$|\.localhost$/i.test(host.replace(/\.$/, '')) && !allow.hosts.has(host.toLowerCase()))
      problem = 'localhost is not reachable from Tika’s side';
  } catch (error) {
    problem = error instanceof OutboundRefused ? error.message : 'not a valid URL';
  }
  if (problem)
    throw new AppError('VALIDATION_FAILED', `This URL cannot receive webhooks: ${problem}`, {
      fields: [{ path: 'body.url', message: problem, code: 'url_not_allowed' }],
    });
}
