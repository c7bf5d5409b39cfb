import { authRouteHandler } from '@/api/auth';
import { refuseOtherMethods } from '@/server/http/unknown-route';

export const { GET, POST } = authRouteHandler;
// Other methods: 405 problem+json with Allow, like every other API route.
export const { PUT, PATCH, DELETE } = refuseOtherMethods({ GET, POST });
