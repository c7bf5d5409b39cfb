import { authRouteHandler } from '@/api/auth';

export const { GET, POST } = authRouteHandler;
