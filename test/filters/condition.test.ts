// The filter algebra: Prefect's TRUE/empty rules, which Prisma alone gets wrong
// (it drops `{}` from OR lists).
import { describe, expect, it } from 'vitest';
import { TRUE, and, combine, or, some, toWhere } from '../../src/filters/condition.ts';
import { anyOf, like, notAnyOf, tagsAll, tagsAny, tagsIsNull } from '../../src/filters/operators.ts';

const sqlite = { provider: 'sqlite' as const };
const postgres = { provider: 'postgresql' as const };

describe('and / or', () => {
  it('treats no criteria as TRUE', () => {
    expect(and([])).toBe(TRUE);
    expect(or([])).toBe(TRUE);
    expect(toWhere(and([]))).toEqual({});
  });
  it('makes an or_ with a TRUE member TRUE, and drops TRUE from and_', () => {
    expect(or([{ a: 1 }, TRUE])).toBe(TRUE);
    expect(and([{ a: 1 }, TRUE])).toEqual({ a: 1 });
    expect(and([{ a: 1 }, { b: 2 }])).toEqual({ AND: [{ a: 1 }, { b: 2 }] });
    expect(combine('or_', [{ a: 1 }, { b: 2 }])).toEqual({ OR: [{ a: 1 }, { b: 2 }] });
    expect(combine(null, [{ a: 1 }, { b: 2 }])).toEqual({ AND: [{ a: 1 }, { b: 2 }] });
  });
  it('keeps an empty related filter restrictive', () => {
    expect(some('flow_runs', TRUE)).toEqual({ flow_runs: { some: {} } });
  });
});

describe('operators', () => {
  it('any_ [] matches nothing, not_any_ [] is ignored', () => {
    expect(anyOf('id', 'UUID').compile([], sqlite)).toEqual({ id: { in: [] } });
    expect(notAnyOf('id', 'UUID').compile([], sqlite)).toBe(TRUE);
  });
  it('like_ ignores "" and is case-insensitive on both databases', () => {
    expect(like('name').compile('', sqlite)).toBe(TRUE);
    expect(like('name').compile('Ab', sqlite)).toEqual({ name: { contains: 'Ab' } });
    expect(like('name').compile('Ab', postgres)).toEqual({ name: { contains: 'Ab', mode: 'insensitive' } });
  });
  it('tags operators search the tag table', () => {
    expect(tagsAll('tag_rows').compile(['a', 'a', 'b'], sqlite)).toEqual({ AND: [{ tag_rows: { some: { tag: 'a' } } }, { tag_rows: { some: { tag: 'b' } } }] });
    expect(tagsAll('tag_rows').compile([], sqlite)).toBe(TRUE);
    expect(tagsAny('tag_rows').compile(['a'], sqlite)).toEqual({ tag_rows: { some: { tag: { in: ['a'] } } } });
    expect(tagsIsNull('tag_rows').compile(true, sqlite)).toEqual({ tag_rows: { none: {} } });
  });
});
