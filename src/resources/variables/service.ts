// Variable reads and writes (§2.3). Tags are kept in step with the
// variable_tag rows inside the same statement (Prisma nests them in one
// transaction); events are published once the write has committed.
import { INTEGRITY_CONFLICT, ValidationError, httpError, isMissingRecord, isUniqueViolation, notFound } from '../../errors.ts';
import { Prisma } from '../../generated/sqlite/client.ts';
import type { Context } from '../../graphql/context.ts';
import { tagRowsOnCreate, tagRowsOnReplace } from '../../db/tags.ts';
import { publishCommitted } from '../../events/emitters/publish.ts';
import { variableLifecycleEvent } from './events.ts';
import type { VariableRow } from './types.ts';

const VARIABLE_NOT_FOUND = 'Variable not found.';

/** Which variable a route means: its id, or its name. */
export type VariableKey = { id: string } | { name: string };

export interface VariableInput {
  name?: string | null;
  value?: unknown;
  tags?: string[] | null;
}

/** Python's repr of a name (the 409 text quotes it so): single quotes, escapes. */
const pythonRepr = (text: string) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replaceAll('\n', '\\n')}'`;

/** A JSON value for a nullable Json column: JSON null is stored as JSON null, not SQL NULL. */
const jsonValue = (value: unknown) => (value === null ? Prisma.JsonNull : (value as Prisma.InputJsonValue));

export async function readVariable(ctx: Context, key: VariableKey): Promise<VariableRow> {
  const variable = await ctx.db.variable.findUnique({ where: key as { id: string } });
  if (!variable) throw notFound(VARIABLE_NOT_FOUND);
  return variable;
}

export async function createVariable(ctx: Context, input: VariableInput): Promise<VariableRow> {
  // `value` is required but null is a value: absent and null differ here.
  if (!('value' in input) || input.value === undefined) {
    throw new ValidationError([{ type: 'missing', loc: ['body', 'value'], msg: 'Field required', input }]);
  }
  const name = input.name!;
  const tags = input.tags ?? [];
  try {
    const variable = await ctx.db.variable.create({
      data: { name, value: jsonValue(input.value), tags, tag_rows: tagRowsOnCreate(tags) },
    });
    publishCommitted(ctx.events, [variableLifecycleEvent('created', variable)]);
    return variable;
  } catch (error) {
    // The unique index decides a race between two creates of one name.
    if (isUniqueViolation(error)) throw httpError(409, `A variable with the name ${pythonRepr(name)} already exists.`);
    throw error;
  }
}

/**
 * Writes the keys present in `input` (an explicit null too) and bumps
 * `updated`. `name: null` or `tags: null` would write NULL into a NOT NULL
 * column: Prefect's generic integrity 409, as there.
 */
export async function updateVariable(ctx: Context, key: VariableKey, input: VariableInput): Promise<VariableRow> {
  if (input.name === null || input.tags === null) {
    await readVariable(ctx, key); // a missing variable is still a 404 first
    throw INTEGRITY_CONFLICT;
  }
  const data: Prisma.VariableUpdateInput = { updated: new Date() };
  if (input.name !== undefined) data.name = input.name;
  if ('value' in input && input.value !== undefined) data.value = jsonValue(input.value);
  if (input.tags !== undefined) Object.assign(data, { tags: input.tags, tag_rows: tagRowsOnReplace(input.tags) });
  try {
    const variable = await ctx.db.variable.update({ where: key as { id: string }, data });
    publishCommitted(ctx.events, [variableLifecycleEvent('updated', variable)]);
    return variable;
  } catch (error) {
    if (isMissingRecord(error)) throw notFound(VARIABLE_NOT_FOUND);
    throw error;
  }
}

export async function deleteVariable(ctx: Context, key: VariableKey): Promise<boolean> {
  // One DELETE that answers the removed row: the event describes it as it was.
  const variable = await ctx.db.variable.delete({ where: key as { id: string } }).catch((error: unknown) => {
    throw isMissingRecord(error) ? notFound(VARIABLE_NOT_FOUND) : error;
  });
  publishCommitted(ctx.events, [variableLifecycleEvent('deleted', variable)]);
  return true;
}
