// Hydrating parameters with the workspace variables they name (one query).
import { httpError } from '../../errors.ts';
import type { Context } from '../../graphql/context.ts';
import { HydrationError, hydrate, variableNames } from './hydration.ts';

type Json = Record<string, unknown>;

/** Hydrated parameters; a hydration failure is a 400 `<prefix>: <message>`. */
export async function hydrateParameters(ctx: Context, parameters: Json, prefix: string): Promise<Json> {
  const names = [...variableNames(parameters)];
  const rows = names.length > 0 ? await ctx.db.variable.findMany({ where: { name: { in: names } }, select: { name: true, value: true } }) : [];
  const values = new Map(rows.map((r) => [r.name, r.value]));
  try {
    return hydrate(parameters, (name) => ({ found: values.has(name), value: values.get(name) ?? null }));
  } catch (error) {
    if (error instanceof HydrationError) throw httpError(400, `${prefix}: ${error.message}`);
    throw error;
  }
}
