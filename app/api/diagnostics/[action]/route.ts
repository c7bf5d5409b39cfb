import { diagnostics } from '@/server/diagnostics';

export const GET = diagnostics;
