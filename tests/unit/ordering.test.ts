import { describe, expect, it } from 'vitest';
import { positionBetween } from '../../src/server/db/ordering';
import { AppError } from '../../src/server/errors';

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

function expectStrictByteOrder(keys: string[]) {
  for (let i = 1; i < keys.length; i++) {
    expect(byteOrder(keys[i - 1]!, keys[i]!), `key ${i - 1} "${keys[i - 1]}" < key ${i} "${keys[i]}"`).toBe(-1);
  }
}

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('positionBetween', () => {
  it('gives a first key for an empty list and orders keys around it', () => {
    const first = positionBetween(null, null);
    const after = positionBetween(first, null);
    const before = positionBetween(null, first);
    const between = positionBetween(before, first);
    expectStrictByteOrder([before, between, first, after]);
  });

  it('only uses printable ASCII (safe under COLLATE "C" and in URLs/JSON)', () => {
    let key: string | null = null;
    for (let i = 0; i < 50; i++) {
      key = positionBetween(key, null);
      expect(key).toMatch(/^[0-9A-Za-z]+$/);
    }
  });

  it.each([
    ['equal neighbours', 'a0', 'a0'],
    ['neighbours out of order', 'a1', 'a0'],
  ])('rejects %s as a stale view → CONFLICT', (_name, lower, upper) => {
    const error = thrownBy(() => positionBetween(lower, upper));
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('CONFLICT');
    expect((error as AppError).status).toBe(409);
  });

  it('1,000 successive inserts at the front keep byte order', () => {
    const keys = [positionBetween(null, null)];
    for (let i = 0; i < 1000; i++) keys.unshift(positionBetween(null, keys[0]!));
    expect(new Set(keys).size).toBe(1001);
    expectStrictByteOrder(keys);
  });

  it('1,000 successive inserts at the end keep byte order', () => {
    const keys = [positionBetween(null, null)];
    for (let i = 0; i < 1000; i++) keys.push(positionBetween(keys[keys.length - 1]!, null));
    expectStrictByteOrder(keys);
  });

  it('1,000 successive inserts in the middle keep byte order', () => {
    const keys = [positionBetween(null, null)];
    keys.push(positionBetween(keys[0]!, null));
    for (let i = 0; i < 1000; i++) {
      const at = Math.floor(keys.length / 2);
      keys.splice(at, 0, positionBetween(keys[at - 1]!, keys[at]!));
    }
    expect(new Set(keys).size).toBe(1002);
    expectStrictByteOrder(keys);
    // And the DB's byte order agrees with JavaScript's sort of the same strings.
    expect([...keys].sort(byteOrder)).toEqual(keys);
  });

  it('1,000 inserts always right after the same card (the worst case) stay ordered', () => {
    const keys = [positionBetween(null, null)];
    keys.push(positionBetween(keys[0]!, null));
    for (let i = 0; i < 1000; i++) keys.splice(1, 0, positionBetween(keys[0]!, keys[1]!));
    expectStrictByteOrder(keys);
  });
});
