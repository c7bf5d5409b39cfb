import 'server-only';
import { connect } from 'node:tls';

// When Tika's public address is https (APP_URL), the certificate in front of it — Caddy's, the ingress's, the
// CDN's — is known from here: connect, read its notAfter, remember it for an hour. The alert and the doctor use
// it; nothing is sent but a TLS handshake. Untrusted certificates are read too (the point is the date).

export interface CertificateInfo {
  host: string;
  port: number;
  notAfter: Date;
  issuer: string;
  /** Whether the chain verified against the system's roots (false for an internal CA). */
  trusted: boolean;
}

/**
 * The certificate `url` presents. `connectTo` (host:port) reaches the proxy another way when the public name does
 * not lead there from inside (compose: caddy:443); the name is still what is asked for (SNI).
 */
export function probeCertificate(
  url: string,
  options: { connectTo?: string; timeoutMs?: number } = {},
): Promise<CertificateInfo> {
  const target = new URL(url);
  const name = target.hostname;
  const [host, portText] = options.connectTo ? options.connectTo.split(':') : [name, target.port];
  const port = Number(portText || 443);
  const timeoutMs = options.timeoutMs ?? 5000;
  return new Promise((resolve, reject) => {
    const servername = /^[\d.]+$|:/.test(name) ? undefined : name;
    const socket = connect({ host, port, servername, rejectUnauthorized: false, timeout: timeoutMs });
    const done = (error?: Error, info?: CertificateInfo) => {
      socket.destroy();
      if (error) reject(error);
      else resolve(info!);
    };
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      if (!cert?.valid_to) return done(new Error(`${host}:${port} presented no certificate`));
      const issuer = cert.issuer?.O ?? cert.issuer?.CN ?? 'unknown issuer';
      done(undefined, {
        host: name,
        port,
        notAfter: new Date(cert.valid_to),
        issuer: String(issuer),
        trusted: socket.authorized,
      });
    });
    socket.once('timeout', () => done(new Error(`no TLS handshake with ${host}:${port} within ${timeoutMs} ms`)));
    socket.once('error', (error: Error) => done(error));
  });
}

type Cached = { at: number; value: CertificateInfo | null; error?: string };
const cacheKey = Symbol.for('tika.tlsExpiry');
type Holder = { [cacheKey]?: { url: string; entry: Cached; pending?: Promise<void> } };

/**
 * The certificate of `url`, probed at most once an hour (once a minute after a failure), never waiting on the
 * network: the first call starts the probe and returns null; later calls return what it found.
 */
export function knownCertificate(
  url: string | undefined,
  now = Date.now(),
  connectTo?: string,
): CertificateInfo | null {
  if (!url || !url.startsWith('https:')) return null;
  const holder = globalThis as Holder;
  let state = holder[cacheKey];
  if (!state || state.url !== url) state = holder[cacheKey] = { url, entry: { at: 0, value: null } };
  const age = now - state.entry.at;
  const stale = state.entry.value ? age > 3_600_000 : age > 60_000;
  if (stale && !state.pending) {
    const current = state;
    current.pending = probeCertificate(url, { connectTo })
      .then((value) => void (current.entry = { at: Date.now(), value }))
      .catch((error: unknown) => {
        current.entry = { at: Date.now(), value: null, error: error instanceof Error ? error.message : String(error) };
      })
      .finally(() => void (current.pending = undefined));
  }
  return state.entry.value;
}
