import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { authSecret } from '../auth/secret';

// `node scripts/doctor.mjs` runs next to the server (same container, same machine) and proves it by deriving this
// token from the session secret it can read there (BETTER_AUTH_SECRET, or the embedded secret file). Whoever holds
// that secret can already forge sessions; the token gives nothing more than the doctor's report.
export function doctorToken(): string {
  return createHmac('sha256', authSecret()).update('tika doctor v1').digest('base64url');
}

export function isDoctorToken(given: string | null): boolean {
  if (!given) return false;
  const expected = Buffer.from(doctorToken());
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
