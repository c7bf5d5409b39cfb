import { connection } from 'next/server';
import { doctorResponse } from '@/server/doctor';

// GET /api/ops/doctor — the doctor's report as JSON, for `node scripts/doctor.mjs` (token derived from the session
// secret) and instance admins. Never cached.
export async function GET(request: Request): Promise<Response> {
  await connection();
  return doctorResponse(request);
}
