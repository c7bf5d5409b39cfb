import 'server-only';
import { promises as dns, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { hostAllowed, refusedAddress, type AllowList } from './address-policy';

/** Resolves a host name to every address it has (the default is the system resolver, as connections use). */
export type Resolver = (host: string) => Promise<LookupAddress[]>;
const systemResolver: Resolver = (host) => dns.lookup(host, { all: true, verbatim: true });

/** The call was refused before any byte left: the address or URL is not allowed. Not worth retrying as is. */
export class OutboundRefused extends Error {
  override name = 'OutboundRefused';
}

export interface OutboundResult {
  status: number;
  durationMs: number;
  /** The start of the response body (at most 2 KB), for the delivery log. */
  body: string;
}

export interface PostOptions {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allow: AllowList;
  resolve?: Resolver;
}

const KEEP_BODY = 2048;

/**
 * POSTs on a workspace's behalf to a URL it chose, without letting it reach inside our network:
 * - only http(s), no credentials in the URL;
 * - every address the host resolves to must be public (see address-policy.ts), and the check runs INSIDE the
 *   connection's own DNS lookup: the address connected to is the address checked, so a DNS answer that changes
 *   between a check and the connect (rebinding) cannot slip through;
 * - redirects are never followed (a 3xx is returned as the result, and the caller counts it as a failure);
 * - the whole exchange is bounded by timeoutMs, and only the first 2 KB of the answer are read.
 */
export async function postSafely(rawUrl: string, options: PostOptions): Promise<OutboundResult> {
  const url = parseTarget(rawUrl);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const resolve = options.resolve ?? systemResolver;
  const literal = net.isIP(host) !== 0;
  if (literal) {
    const why = refusedAddress(host, options.allow);
    if (why) throw new OutboundRefused(why);
  }
  const trusted = !literal && hostAllowed(host, options.allow);
  const lookup: net.LookupFunction = (hostname, lookupOptions, callback) => {
    resolve(hostname).then(
      (addresses) => {
        if (addresses.length === 0) return callback(new Error(`${hostname} has no address`), '', 4);
        if (!trusted) {
          for (const { address } of addresses) {
            const why = refusedAddress(address, options.allow);
            if (why) return callback(new OutboundRefused(`${hostname} resolves to ${why}`), '', 4);
          }
        }
        if ((lookupOptions as { all?: boolean }).all) return (callback as AllCallback)(null, addresses);
        callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: Error) => callback(error, '', 4),
    );
  };
  const client = url.protocol === 'https:' ? https : http;
  const started = performance.now();
  return new Promise<OutboundResult>((resolvePromise, reject) => {
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { ...options.headers, 'content-length': Buffer.byteLength(options.body) },
        lookup: literal ? undefined : lookup,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        response.on('data', (chunk: Buffer) => {
          if (kept < KEEP_BODY) {
            chunks.push(chunk);
            kept += chunk.length;
          }
          if (kept >= KEEP_BODY) response.destroy();
        });
        const finish = () => {
          clearTimeout(timer);
          resolvePromise({
            status: response.statusCode ?? 0,
            durationMs: Math.round(performance.now() - started),
            body: Buffer.concat(chunks).subarray(0, KEEP_BODY).toString('utf8'),
          });
        };
        response.on('end', finish);
        response.on('close', finish);
        response.on('error', finish);
      },
    );
    const timer = setTimeout(
      () => request.destroy(new Error(`no answer within ${options.timeoutMs / 1000} s`)),
      options.timeoutMs,
    );
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end(options.body);
  });
}

type AllCallback = (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void;

/** The URL as it will be called, or OutboundRefused: http(s) only, no user:password@. */
export function parseTarget(rawUrl: string): URL {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new OutboundRefused('not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new OutboundRefused('only http and https URLs');
  if (url.username || url.password) throw new OutboundRefused('credentials in the URL are not allowed');
  return url;
}
