import { liveness } from '@/server/health';

export const GET = liveness;
