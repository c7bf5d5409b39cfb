import 'server-only';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';
import { env, type TrustedProxies } from '../env';

// The client's IP address, for per-IP rate limits, the audit log and the session record — one function for all.
// It comes from the TCP connection unless the operator declares trusted proxies (TRUSTED_PROXIES): a client can
// put anything in X-Forwarded-For, and trusting it let an attacker claim a new address on every request and get
// a fresh sign-in, sign-up and token budget each time (issue #12).
//
// The chain is X-Forwarded-For's addresses, left to right, then the connection's own peer. With
// TRUSTED_PROXIES unset, the client is the peer. With a hop count N, the N right-most addresses are our own
// proxies and the client is the one before them. With a CIDR list, every right-most address inside those ranges
// is a proxy and the client is the first one outside. If every address is a trusted proxy, the left-most counts.

// Next hands route handlers a web Request, which carries no socket. The Node server's "request" event does:
// boot() patches it to copy the peer address into a header whose name is random per process — a client cannot
// send it, and one that guesses a name still has it overwritten.
const holderKey = Symbol.for('tika.peer-header');
type Holder = { [holderKey]?: { name: string; installed: boolean } };

function peerHeader(): { name: string; installed: boolean } {
  const holder = globalThis as Holder;
  holder[holderKey] ??= { name: `x-tika-peer-${randomBytes(8).toString('hex')}`, installed: false };
  return holder[holderKey];
}

type EmitFn = (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;

/** Once per process, before requests are served: every incoming request carries its connection's peer address. */
export function installPeerAddressCapture(): void {
  const header = peerHeader();
  if (header.installed) return;
  header.installed = true;
  for (const prototype of [http.Server.prototype, https.Server.prototype] as { emit: EmitFn }[]) {
    const emit = prototype.emit;
    prototype.emit = function (this: unknown, event: string | symbol, ...args: unknown[]) {
      if (event === 'request') {
        const request = args[0] as http.IncomingMessage;
        request.headers[header.name] = request.socket?.remoteAddress ?? '';
      }
      return emit.call(this, event, ...args);
    };
  }
}

/** The header boot's patch writes the peer address into (for in-process tests that stand in for a socket). */
export function peerHeaderName(): string {
  return peerHeader().name;
}

/** The connection's peer address, as boot's patch recorded it; null where no Node server saw the request. */
export function peerAddressOf(headers: Headers): string | null {
  return normalise(headers.get(peerHeader().name));
}

function normalise(value: string | null | undefined): string | null {
  const address = value?.trim().replace(/^\[|\]$/g, '') ?? '';
  if (!address) return null;
  // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d: the same client as a.b.c.d.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const plain = mapped ? mapped[1]! : address;
  return isIP(plain) ? plain.toLowerCase() : null;
}

function forwardedChain(headers: Headers): (string | null)[] {
  const forwarded = headers.get('x-forwarded-for');
  if (!forwarded?.trim()) return [];
  return forwarded.split(',').map((entry) => normalise(entry));
}

const blockLists = new WeakMap<object, BlockList>();
function blockListOf(trusted: Extract<TrustedProxies, { kind: 'cidrs' }>): BlockList {
  let list = blockLists.get(trusted);
  if (!list) {
    list = new BlockList();
    for (const { address, prefix, family } of trusted.ranges) list.addSubnet(address, prefix, family);
    blockLists.set(trusted, list);
  }
  return list;
}

const inRanges = (list: BlockList, address: string | null) =>
  address !== null && list.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');

/** The client address under a given trust setting; exported for tests, use clientIp(). */
export function clientIpWith(headers: Headers, trusted: TrustedProxies): string | null {
  const peer = peerAddressOf(headers);
  if (trusted.kind === 'none') return peer;
  const chain = [...forwardedChain(headers), peer];
  if (trusted.kind === 'hops') {
    const index = chain.length - 1 - trusted.hops;
    return index >= 0 ? chain[index]! : chain[0]!;
  }
  const list = blockListOf(trusted);
  for (let i = chain.length - 1; i >= 0; i--) if (!inRanges(list, chain[i]!)) return chain[i]!;
  return chain[0]!;
}

/** The client's IP address as this deployment can know it (see above); null when it cannot be told. */
export function clientIp(headers: Headers): string | null {
  return clientIpWith(headers, env().trustedProxies);
}
