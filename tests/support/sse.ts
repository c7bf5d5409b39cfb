import { boardEvents } from '../../src/api/board-events';
import { expect } from 'vitest';
import type { TestUser } from './api';

export type Stream = { response: Response; next: (timeoutMs?: number) => Promise<string>; close: () => void };

export async function openStream(
  user: TestUser | null,
  boardId: string,
  workspace?: string,
  via: 'header' | 'query' = 'header',
): Promise<Stream> {
  const controller = new AbortController();
  const headers = new Headers();
  if (user) headers.set('cookie', user.cookie);
  if (workspace && via === 'header') headers.set('x-tika-workspace', workspace);
  const query = workspace && via === 'query' ? `?workspace=${workspace}` : '';
  const request = new Request(`http://localhost/api/v1/boards/${boardId}/events${query}`, {
    headers,
    signal: controller.signal,
  });
  const response = await boardEvents(request, { params: Promise.resolve({ boardId }) });
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    response,
    // The next complete SSE message (comments and heartbeats included). The bound only turns a missing event into
    // a clear failure; it is generous so a loaded machine does not fail a correct stream (was 3 s).
    next: async (timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          return message;
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error('no event in time');
        reader ??= response.body!.getReader();
        const chunk = await Promise.race([
          reader.read(),
          new Promise<null>((resolve) => setTimeout(() => resolve(null), left)),
        ]);
        if (!chunk) throw new Error('no event in time');
        if (chunk.done) throw new Error('stream ended');
        buffer += decoder.decode(chunk.value, { stream: true });
      }
    },
    close: () => controller.abort(),
  };
}

export const dataOf = (message: string) =>
  JSON.parse(
    message
      .split('\n')
      .find((line) => line.startsWith('data: '))!
      .slice(6),
  );

export function expectProblemResponse(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
}
