// http/json-bytes.ts prints what JSON.stringify prints, as UTF-8 bytes, lists item by item.
import { expect, it } from 'vitest';
import { jsonBytes, listBytes } from '../../src/http/json-bytes.ts';

const VALUES: unknown[] = [
  {
    data: {
      read_flow_runs: [
        { id: 'a', n: 1.5, t: ['x'], o: null },
        { id: 'é"\\\u2028', n: -0, u: undefined },
      ],
    },
  },
  { data: { a: [], b: {}, c: null, d: 'x', e: [undefined, () => 1, Symbol('s')], f: undefined, g: () => 1 } },
  { data: { when: new Date('2024-01-01T00:00:00Z'), nested: { list: [[1], [2, [3]]] } } },
  { data: null },
  {},
  [],
  [1, 'two', { three: 3 }],
  'text',
  42,
  null,
  '\ud800 lone surrogate',
];

it('prints each value as JSON.stringify does', () => {
  for (const value of VALUES) expect(jsonBytes(value).toString('utf8')).toBe(JSON.stringify(value) ?? 'null');
  expect(listBytes([{ a: 1 }, 'b']).toString()).toBe('[{"a":1},"b"]');
});
