import { getAuth } from './auth';

// better-auth serves /api/auth/* (sign-up, sign-in, sign-out, session). The instance is created on first use,
// after the database is open.
async function handler(request: Request): Promise<Response> {
  const auth = await getAuth();
  return auth.handler(request);
}

export const authRouteHandler = { GET: handler, POST: handler };
