/**
 * Sign-up over HTTP as the sign-up page does it: POST /api/auth/sign-up/email opens no session (it answers a new
 * and a registered address alike, issue #12), so a sign-in with the same password follows. Returns the session's
 * Cookie header; throws with the server's answer when either step is refused.
 */
export async function signUpAndSignIn(
  base: string,
  body: { email: string; password: string; name: string },
  headers: Record<string, string> = {},
): Promise<string> {
  const post = (path: string, payload: unknown) =>
    fetch(`${base}/api/auth/${path}`, {
      method: 'POST',
      headers: { origin: base, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(payload),
    });
  const up = await post('sign-up/email', body);
  if (!up.ok) throw new Error(`sign-up failed: ${up.status} ${await up.text()}`);
  const signIn = await post('sign-in/email', { email: body.email, password: body.password });
  if (!signIn.ok) throw new Error(`sign-in after sign-up failed: ${signIn.status} ${await signIn.text()}`);
  return signIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}
