// Types for scripts/schema-window.mjs (plain JavaScript, shared by the scripts in the image and the app).
export type MigrationKind = 'expand' | 'contract' | 'baseline';
export interface ManifestEntry {
  idx: number;
  tag: string;
  when: number;
  kind: MigrationKind | 'unknown';
  since?: string;
  sinceWhen?: number;
}
export interface RecordedMigration {
  created_at: string;
  tag: string;
  kind: string;
  since_created_at: string | null;
}
export interface WindowResult {
  status: 'current' | 'ahead' | 'pending' | 'newer';
  ok: boolean;
  message: string;
  oldest: string | null;
  pending: string[];
  ahead: string[];
}
type Query = (text: string) => Promise<{ rows: Record<string, unknown>[] }>;
export const KINDS: MigrationKind[];
export const BASELINE_COUNT: number;
export const WINDOW_TABLE: string;
export function parseHeader(sql: string, tag: string): { kind?: MigrationKind; since?: string; error?: string };
export function readManifest(folder: string): ManifestEntry[];
export function evaluateWindow(
  manifest: ManifestEntry[],
  applied: (string | number)[],
  recorded?: RecordedMigration[],
): WindowResult;
export function readDatabaseState(query: Query): Promise<{ applied: string[]; recorded: RecordedMigration[] }>;
export function recordManifest(query: Query, manifest: ManifestEntry[]): Promise<void>;
export function grantWindowRead(query: Query): Promise<void>;
export function describeWindow(manifest: ManifestEntry[]): {
  newestShipped: string | null;
  oldest: string | null;
  tolerates: string;
};
