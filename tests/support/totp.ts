import { createHmac } from 'node:crypto';

// RFC 6238 TOTP written from the RFC, independent of the library under test: what an authenticator app computes
// from the otpauth:// URI it scanned (SHA-1, 6 digits, 30 s steps unless the URI says otherwise).

function base32Decode(input: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of input.replace(/=+$/, '').toUpperCase()) {
    const value = alphabet.indexOf(char);
    if (value < 0) throw new Error(`not base32: ${char}`);
    bits += value.toString(2).padStart(5, '0');
  }
  const bytes: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** The code an authenticator app shows for this otpauth:// URI at `at` (ms since the epoch). */
export function totpCode(otpauthUri: string, at = Date.now()): string {
  const uri = new URL(otpauthUri);
  if (uri.protocol !== 'otpauth:' || uri.host !== 'totp') throw new Error(`not a TOTP URI: ${otpauthUri}`);
  const key = base32Decode(uri.searchParams.get('secret') ?? '');
  const digits = Number(uri.searchParams.get('digits') ?? 6);
  const period = Number(uri.searchParams.get('period') ?? 30);
  const algorithm = (uri.searchParams.get('algorithm') ?? 'SHA1').toLowerCase().replace('-', '');
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / period)));
  const mac = createHmac(algorithm, key).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return String(value).padStart(digits, '0');
}

/** A code that is certainly wrong now (not the current one, nor the neighbours a server accepts for drift). */
export function wrongCode(otpauthUri: string, at = Date.now()): string {
  const near = new Set([-30_000, 0, 30_000].map((d) => totpCode(otpauthUri, at + d)));
  for (let n = 0; ; n++) {
    const candidate = String((Number(totpCode(otpauthUri, at)) + 500_000 + n) % 1_000_000).padStart(6, '0');
    if (!near.has(candidate)) return candidate;
  }
}
