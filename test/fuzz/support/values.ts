// Building blocks for generated values: references to existing rows (resolved at
// send time, see resolve()), UUID spellings, junk text, awkward numbers.
import fc from 'fast-check';
import { pick, type Pool } from './pool.ts';

/** Marks a string as "an existing row, resolved when the request is sent". */
const REF = '\uE000ref:';

export type PoolList = Exclude<keyof Pool, never>;
type Spelling = 'plain' | 'upper' | 'simple' | 'braces' | 'urn';

export const poolRef = (list: PoolList, spellings: Spelling[] = ['plain']) =>
  fc.tuple(fc.nat(), fc.constantFrom(...spellings)).map(([n, spelling]) => `${REF}${list}:${n}:${spelling}`);

function spell(id: string, spelling: string): string {
  switch (spelling) {
    case 'upper':
      return id.toUpperCase();
    case 'simple':
      return id.replaceAll('-', '');
    case 'braces':
      return `{${id}}`;
    case 'urn':
      return `urn:uuid:${id}`;
    default:
      return id;
  }
}

/** Replaces every pool reference inside a value by the row it names now. */
export function resolve<T>(value: T, pool: Pool): T {
  if (typeof value === 'string') {
    if (!value.includes(REF)) return value;
    return value.replace(/\uE000ref:(\w+):(\d+):(\w+)/g, (_, list: PoolList, n: string, spelling: string) =>
      spell(pick(pool[list] as string[], Number(n), list === 'flowNames' || list === 'inputKeys' ? 'missing' : undefined), spelling),
    ) as T;
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, pool)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [resolve(k, pool), resolve(v, pool)])) as T;
  }
  return value;
}

const NASTY_STRINGS = [
  '',
  ' ',
  '\0',
  'a\0b',
  '%',
  '%00',
  '%2F',
  '..',
  '../..',
  '/',
  '\\',
  '\\%_',
  '%_*',
  "' OR '1'='1' --",
  '"; DROP TABLE flow; --',
  '${jndi:x}',
  '{{7*7}}',
  '<script>',
  'null',
  'true',
  '0',
  '-1',
  '1e309',
  'NaN',
  '\uFEFF',
  '\u202Eabc',
  'ÜNÏ',
  'İı',
  'ß',
  'e\u0301',
  '👋🏽',
  '\uD800',
  '\uDFFF\uD800',
  '\r\n',
  '\t',
  'x'.repeat(5_000),
  'é'.repeat(1_500),
  '😀'.repeat(800),
];

/** Text a careless or hostile client might send. */
export const junkString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY_STRINGS), weight: 3 },
  { arbitrary: fc.string({ maxLength: 12 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 12 }), weight: 1 },
  { arbitrary: fc.string({ unit: fc.constantFrom('a', '\0', '%', '_', '\\', '/', 'İ', '\uD83D'), maxLength: 8 }), weight: 1 },
);

/** A short plausible word (names, tags, keys). */
export const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);

export const NUMBERS = [0, -1, 1, 0.5, -0.5, 1e308, -1e308, 2 ** 31, 2 ** 53 - 1, 2 ** 53 + 2, 2 ** 63, -(2 ** 63), 1e21, 5e-324, 200, 201, 50, 51];

export const awkwardNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(...NUMBERS),
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
);

export const anyUuid: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: poolRef('anyIds', ['plain', 'plain', 'upper', 'simple', 'braces', 'urn']), weight: 4 },
  { arbitrary: fc.uuid(), weight: 2 },
  { arbitrary: fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff'), weight: 1 },
);

export const isoDate: fc.Arbitrary<string> = fc.oneof(
  fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('2026-11-30T12:00:00', '2026-11-30', '2026-11-30T12:00:00+14:00', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999999Z', 'yesterday', '2026-13-45T25:61:61Z'),
);

/** Any JSON value, small. */
const jsonScalar = fc.oneof(fc.constantFrom(null, true, false, 0, -1, 1.5, 1e300, '', 'x'), fc.integer(), fc.string({ maxLength: 6 }));
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: jsonScalar, weight: 3 },
  { arbitrary: fc.array(jsonScalar, { maxLength: 3 }), weight: 1 },
  { arbitrary: fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(jsonScalar, fc.array(jsonScalar, { maxLength: 2 })), { maxKeys: 3 }), weight: 1 },
);

/** A JSON value nested `depth` levels deep (objects or lists), for the nesting rule. */
export function deeplyNested(depth: number, inner: unknown = 1): unknown {
  let value = inner;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}
