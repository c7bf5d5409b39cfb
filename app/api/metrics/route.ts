import { connection } from 'next/server';
import { metricsResponse } from '@/server/metrics';

export async function GET(request: Request): Promise<Response> {
  await connection();
  return metricsResponse(request);
}
