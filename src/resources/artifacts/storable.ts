// Text no database stores, refused before the first statement with the
// 422 the statement guard (db/unstorable-text.ts) gives elsewhere: Prisma's
// own JSON encoding fails on an unpaired UTF-16 surrogate before the guard
// sees the statement (a 500), and PostgreSQL refuses NUL in text and jsonb.
import { ValidationError, nulRejected } from '../../errors.ts';
import { LONE_SURROGATE_MESSAGE } from '../../db/unstorable-text.ts';

const wellFormed = (s: string) => (s as string & { isWellFormed(): boolean }).isWellFormed();

function problem(value: unknown): 'nul' | 'surrogate' | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? 'nul' : wellFormed(value) ? undefined : 'surrogate';
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = problem(item);
      if (found) return found;
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const found = problem(key) ?? problem(item);
      if (found) return found;
    }
  }
  return undefined;
}

/** Throws the 422 for the first field of `fields` holding such text (key, type, description, data, metadata_, ...). */
export function checkStorable(fields: Record<string, unknown>, loc: (string | number)[] = ['body']): void {
  for (const [name, value] of Object.entries(fields)) {
    const found = problem(value);
    if (found === 'nul') throw nulRejected(value);
    if (found === 'surrogate') throw new ValidationError([{ type: 'value_error', loc: [...loc, name], msg: LONE_SURROGATE_MESSAGE, input: value, ctx: { error: {} } }]);
  }
}
