import { jobsAdminGet, jobsAdminPost } from '@/server/jobs';

// The jobs page's API for instance admins (src/server/jobs/admin-http.ts); 404 for everyone else.
export const GET = jobsAdminGet;
export const POST = jobsAdminPost;
