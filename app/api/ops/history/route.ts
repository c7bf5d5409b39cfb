import { connection } from 'next/server';
import { opsHistoryResponse } from '@/server/ops';

// GET /api/ops/history — this instance's last hours of its own metrics (the operations page's charts). Instance
// admins only; anyone else gets a 404.
export async function GET(request: Request): Promise<Response> {
  await connection();
  return opsHistoryResponse(request);
}
