import { describe, expect, it } from 'vitest';
import { withLoopbackAliases } from '@/server/http/loopback';

describe('loopback origins', () => {
  it('adds the other spellings of a loopback origin, same scheme and port, and nothing for other hosts', () => {
    expect(withLoopbackAliases(['http://localhost:3000']).sort()).toEqual(
      ['http://127.0.0.1:3000', 'http://[::1]:3000', 'http://localhost:3000'].sort(),
    );
    expect(withLoopbackAliases(['https://127.0.0.1'])).toContain('https://localhost');
    expect(withLoopbackAliases(['https://tika.example.com'])).toEqual(['https://tika.example.com']);
    expect(withLoopbackAliases(['not a url'])).toEqual(['not a url']);
  });
});
