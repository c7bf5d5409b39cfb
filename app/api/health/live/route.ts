import { connection } from 'next/server';
import { liveness } from '@/server/health';

// connection(): answered per request, never prerendered at build time.
export async function GET(): Promise<Response> {
  await connection();
  return liveness();
}
