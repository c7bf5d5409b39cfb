import { connection } from 'next/server';
import { readiness } from '@/server/health';

// connection(): answered per request, never prerendered at build time.
export async function GET(): Promise<Response> {
  await connection();
  return readiness();
}
