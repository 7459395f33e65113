// like_ means one thing on both databases (issue 13 point 4): a case-insensitive
// substring match where `%` and `_` are wildcards (as in Prefect), a backslash
// is an ordinary character, and case folds for every alphabet, not only ASCII.
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { likeRegex } from '../../src/db/sqlite-functions.ts';

const NAMES = [
  'marvin',
  'sad-Marvin',
  'marvin-robot',
  'a\\b',
  'ab',
  'trailing\\',
  'ünï-lower',
  'ÜNÏ-UPPER',
  'Ünï-mixed',
  'x_y',
  'x-y',
  'École',
  'ΑΒΓ-greek',
  'абв-cyrillic',
  'plain',
];

/** pattern → the names it must find, on both databases. */
const TABLE: [string, string[]][] = [
  ['marvin', ['marvin', 'sad-Marvin', 'marvin-robot']],
  ['MARVIN', ['marvin', 'sad-Marvin', 'marvin-robot']],
  ['\\', ['a\\b', 'trailing\\']],
  ['a\\b', ['a\\b']],
  ['\\%', ['a\\b', 'trailing\\']],
  ['g\\', ['trailing\\']],
  ['ÜNÏ', ['ünï-lower', 'ÜNÏ-UPPER', 'Ünï-mixed']],
  ['ünï', ['ünï-lower', 'ÜNÏ-UPPER', 'Ünï-mixed']],
  ['x_y', ['x_y', 'x-y']],
  ['x%y', ['x_y', 'x-y']],
  ['x-', ['x-y']],
  ['-robot', ['marvin-robot']],
  ['école', ['École']],
  ['αβγ', ['ΑΒΓ-greek']],
  ['АБВ', ['абв-cyrillic']],
  ['zzz', []],
  ['_', NAMES],
];

const sorted = (names: string[]) => [...names].sort();

describeEachDatabase('like_ is the same match on both databases', (server) => {
  beforeAll(async () => {
    for (const name of NAMES) expect((await server().rest('POST', '/flows/', { name })).status).toBe(201);
  });

  it.each(TABLE)('REST flows.name.like_ %j', async (pattern, expected) => {
    const res = await server().rest('POST', '/flows/filter', { flows: { name: { like_: pattern } } });
    expect(res.status).toBe(200);
    expect(sorted(res.body.map((f: { name: string }) => f.name))).toEqual(sorted(expected));
  });

  it('GraphQL gets the same answers', async () => {
    for (const [pattern, expected] of TABLE) {
      const res = await server().gql<{ read_flows: { name: string }[] }, { p: string }>('query ($p: String) { read_flows(flows: { name: { like_: $p } }) { name } }', {
        p: pattern,
      });
      expect(res.errors).toBeUndefined();
      expect(sorted(res.data!.read_flows.map((f) => f.name)), pattern).toEqual(sorted(expected));
    }
  });
});

describe('likeRegex (SQLite like())', () => {
  it('honours an ESCAPE character and treats regex characters literally', () => {
    expect(likeRegex('a!%b', '!').test('a%b')).toBe(true);
    expect(likeRegex('a!%b', '!').test('axb')).toBe(false);
    expect(likeRegex('(.*)', undefined).test('(.*)')).toBe(true);
    expect(likeRegex('(.*)', undefined).test('(xx)')).toBe(false);
    expect(likeRegex('%\n%').test('a\nb')).toBe(true);
  });
});
