import fc from 'fast-check';

// Hostile values: unicode that breaks naive code, numbers at and past every limit, wrong types, deep nesting,
// strings past every length limit. All of them are valid JSON values (lone surrogates and NUL are escaped by
// JSON.stringify), so they reach the validators rather than the JSON parser.

export const unicodeSamples = [
  '\u202Eevil\u202C', // right-to-left override
  'שלום עולם', // Hebrew, RTL
  'مرحبا بالعالم', // Arabic, RTL
  'e\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301', // stacked combining marks
  'Z\u0351\u0352\u0353\u0354\u0355\u0356\u0357\u0358\u0359\u035A', // zalgo
  '👩‍👩‍👧‍👦🏳️‍🌈🇺🇳', // ZWJ sequences and flags
  '\u200B\u200C\u200D\uFEFF', // zero-width characters and a BOM
  'nul\u0000inside',
  '\u0000',
  'lone \uD800 high',
  'lone \uDFFF low',
  '\uDBFF\uDFFF', // the last code point
  '\uFFFE\uFFFF', // non-characters
  'tab\tnew\nline\rcr',
  '\u0085\u2028\u2029', // next line, line and paragraph separators
  'ＡＢＣ１２３', // full-width
  'İıſ', // case-mapping traps
  '   ', // only spaces (trimmed to empty)
  '',
];

export const injectionSamples = [
  "'; drop table tickets; --",
  '" or 1=1 --',
  '$1',
  '%s%s%n',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '${process.exit()}',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-0',
  'true',
  '0x7fffffff',
  '1e309',
];

export const extremeNumbers = [
  0,
  -0,
  -1,
  1.5,
  0.1,
  -2147483649,
  2147483647,
  2147483648,
  4294967296,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  -Number.MAX_SAFE_INTEGER - 2,
  1e21,
  1e308,
  -1e308,
  Number.MIN_VALUE,
  Number.EPSILON,
];

/** A very long string: past every maxLength in the API, under the 1 MB body limit. */
export const overlongString = fc.oneof(
  fc.constantFrom(200, 201, 513, 5_001, 20_001, 100_000, 400_000).map((n) => 'x'.repeat(n)),
  fc.constantFrom(81, 121, 10_001).map((n) => '😀'.repeat(n)),
  fc.constantFrom(1_000, 50_000).map((n) => 'e\u0301'.repeat(n)),
);

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...unicodeSamples) },
  { weight: 3, arbitrary: fc.constantFrom(...injectionSamples) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: overlongString },
);

export const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...extremeNumbers) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.integer() },
);

/**
 * Arrays or objects nested `depth` deep. Kept as a marker, not a nested value: walking 20,000 levels recursively
 * would overflow the fuzzer's own stack. `deepJson` writes the text when the body is serialised.
 */
export class Deep {
  constructor(
    readonly depth: number,
    readonly arrays: boolean,
  ) {}
  toJSON() {
    return `__FUZZ_DEEP_${this.depth}_${this.arrays ? 'a' : 'o'}__`;
  }
}

export const deepValue: fc.Arbitrary<Deep> = fc
  .tuple(fc.constantFrom(64, 1_000, 20_000), fc.boolean())
  .map(([depth, arrays]) => new Deep(depth, arrays));

/** Replaces the markers of `Deep` values in serialised JSON with the nested text itself. */
export function deepJson(text: string): string {
  return text.replace(/"__FUZZ_DEEP_(\d+)_([ao])__"/g, (_, depth: string, kind: string) => {
    const n = Number(depth);
    return kind === 'a' ? `${'['.repeat(n)}"bottom"${']'.repeat(n)}` : `${'{"a":'.repeat(n)}"bottom"${'}'.repeat(n)}`;
  });
}

/** Any value of a type the schema did not ask for (the caller filters out the right type when it matters). */
export const wrongTyped: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  nastyNumber,
  nastyString,
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  fc.constant({ __proto__: { polluted: true } }),
  fc.constant(JSON.parse('{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}')),
);

/** Bodies that are not JSON at all, or not quite. */
export const malformedJsonText: fc.Arbitrary<string | Buffer> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '{',
    '}',
    '{"a":',
    '{"a":1,}',
    "{'a':1}",
    '{a:1}',
    'NaN',
    '{"version":NaN}',
    '{"version":Infinity}',
    '{"version":-Infinity}',
    '{"version":1e999}',
    '[1,2',
    'null null',
    '{"a":1}{"b":2}',
    '{"a":"\\x41"}',
    '{"a":"\\u12"}',
    '{"a":"unterminated}',
    '\u0000',
    'undefined',
    '<?xml version="1.0"?><a/>',
    'name=value&x=1',
    '--boundary\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--boundary--',
  ),
  // Bytes that are not UTF-8 at all.
  fc.constantFrom(
    Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    Buffer.from([0xc0, 0xaf]),
    Buffer.from([0xed, 0xa0, 0x80]),
    Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]), // UTF-16LE with BOM
  ),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
  fc.jsonValue().map((value) => {
    const text = JSON.stringify(value) ?? 'null';
    return text.slice(0, Math.max(1, text.length - 1)); // truncated
  }),
);
