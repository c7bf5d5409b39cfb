// Outbound HTTP on a workspace's behalf (webhooks): the address policy (SSRF guard) and the one way to call out.
import 'server-only';
export { parseAllowList, refusedAddress, hostAllowed, embeddedIpv4, type AllowList } from './address-policy';
export { postSafely, parseTarget, OutboundRefused, type OutboundResult, type Resolver } from './safe-post';
