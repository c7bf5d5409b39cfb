import 'server-only';
import { readFileSync } from 'node:fs';

// The memory limit this process runs under, for the "memory near limit" alert and the operations page: the
// container's cgroup limit (v2 memory.max, else v1 memory.limit_in_bytes). 0 when there is none, and cgroup v1
// reports "no limit" as a number near 2^63, which is no limit either.

const NO_LIMIT_ABOVE = 2 ** 60;

function readNumber(file: string): number | null {
  try {
    const text = readFileSync(file, 'utf8').trim();
    if (text === 'max') return 0;
    const value = Number(text);
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}

export function memoryLimitBytes(
  files: string[] = ['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes'],
): number {
  for (const file of files) {
    const value = readNumber(file);
    if (value === null) continue;
    return value > 0 && value < NO_LIMIT_ABOVE ? value : 0;
  }
  return 0;
}
