// http/json-bytes.ts prints what JSON.stringify prints, as UTF-8 bytes, lists item by item; JSON text as it is.
import { expect, it } from 'vitest';
import { JsonText, jsonBytes, listBytes } from '../../src/http/json-bytes.ts';

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

it("sends JSON text as it is, PostgreSQL's spaced text without the spaces between tokens", () => {
  const value = { s: 'a : b, "c" \\" \\\\ ', t: ['é \u2028', 'x\ty'], n: [1, -2.5, null, true, false], o: { '': {} } };
  const spaced = JSON.stringify(value, null, 2).replaceAll('":', '" :');
  expect(spaced).toContain(' : ');
  expect(jsonBytes({ data: { r: new JsonText(spaced, true) } }).toString('utf8')).toBe(JSON.stringify({ data: { r: value } }));
  // SQLite's text is compact already: kept byte for byte.
  expect(jsonBytes(new JsonText('[1.0, "a"]', false)).toString('utf8')).toBe('[1.0, "a"]');
  // Whatever prints a result with JSON.stringify gets the parsed value.
  expect(JSON.stringify({ r: new JsonText(spaced, true) })).toBe(JSON.stringify({ r: value }));
});
