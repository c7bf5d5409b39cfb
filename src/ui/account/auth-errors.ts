// What a refused account request means, in words a person can act on. Keys are the stable codes of the answer
// (better-auth's codes inside /api/auth, Tika's problem+json codes around it).
const messages: Record<string, string> = {
  INVALID_TOKEN: 'This link is not valid any more: it was already used, has expired, or was changed.',
  TOKEN_EXPIRED: 'This link has expired.',
  MAIL_NOT_CONFIGURED:
    'This server cannot send email. Ask your administrator: they can set up mail (SMTP_URL) or help you directly.',
  RATE_LIMITED: 'Too many attempts. Wait a few minutes and try again.',
  PASSWORD_TOO_SHORT: 'The password is too short: use at least 8 characters.',
  PASSWORD_TOO_LONG: 'The password is too long: use at most 128 characters.',
  INVALID_PASSWORD: 'That password is not right.',
  EMAIL_NOT_VERIFIED: 'Confirm your email address first: we sent you a link.',
  INVALID_TWO_FACTOR_CODE:
    'That code is not right. Use the newest code from your app (check your phone’s clock), or an unused backup code.',
  TWO_FACTOR_CHALLENGE_EXPIRED: 'This sign-in took too long or was already finished. Sign in again.',
  TWO_FACTOR_LOCKED: 'Too many wrong codes. Wait 15 minutes, then sign in again.',
};

export function describeAuthError(error: { code?: string; status?: number; message?: string } | null): string {
  if (!error) return 'Something went wrong. Try again.';
  if (error.code && messages[error.code]) return messages[error.code]!;
  if (error.status === 429) return messages.RATE_LIMITED!;
  if (error.status === 503) return messages.MAIL_NOT_CONFIGURED!;
  return error.message || 'Something went wrong. Try again.';
}

/** The answer of a call to /api/auth: its JSON, or the refusal (status and code). */
export async function authFetch(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ ok: true; data: unknown } | { ok: false; error: { status: number; code?: string; message?: string } }> {
  const response = await fetch(`/api/auth${path}`, {
    method,
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const text = await response.text();
  let data: Record<string, unknown> | null = null;
  try {
    data = text ? (JSON.parse(text) as Record<string, unknown>) : null;
  } catch {
    data = null;
  }
  if (response.ok) return { ok: true, data };
  return {
    ok: false,
    error: {
      status: response.status,
      code: typeof data?.code === 'string' ? data.code : undefined,
      message:
        typeof data?.detail === 'string' ? data.detail : typeof data?.message === 'string' ? data.message : undefined,
    },
  };
}
