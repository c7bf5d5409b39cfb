import { describe, expect, it } from 'vitest';
import { describeAddress, describeDevice } from '../../src/ui/account/device';

// How the session list names a device and an address for its owner.
describe('describeDevice', () => {
  it.each([
    ['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 'Firefox on Linux'],
    [
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36',
      'Chrome on Android',
    ],
    [
      'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      'Safari on iOS',
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0',
      'Edge on Windows',
    ],
    ['curl/8.5.0', 'curl'],
    ['SomethingElse/1.0', 'SomethingElse/1.0'],
    [null, 'Unknown device'],
  ])('%s → %s', (agent, expected) => {
    expect(describeDevice(agent)).toBe(expected);
  });
});

describe('describeAddress', () => {
  it('keeps IPv4, compresses IPv6, says when there is none', () => {
    expect(describeAddress('198.51.100.7')).toBe('198.51.100.7');
    expect(describeAddress('2001:0db8:0000:0000:0000:0000:0000:0030')).toBe('2001:db8::30');
    expect(describeAddress('not:an:address:at:all')).toBe('not:an:address:at:all');
    expect(describeAddress(null)).toBe('unknown address');
  });
});
