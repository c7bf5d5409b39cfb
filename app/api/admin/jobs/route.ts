import { jobsAdminGet, jobsAdminPost } from '@/api/admin-jobs';

// The jobs page's API for instance admins (src/api/admin-jobs.ts); 404 for everyone else.
export const GET = jobsAdminGet;
export const POST = jobsAdminPost;
