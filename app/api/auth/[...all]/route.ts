import { authRouteHandler } from '@/server/auth/route';

export const { GET, POST } = authRouteHandler;
