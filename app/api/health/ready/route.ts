import { readiness } from '@/server/health';

export const GET = readiness;
