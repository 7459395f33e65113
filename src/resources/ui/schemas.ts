// POST /ui/schemas/validate (§7.8): values checked against a parameter schema,
// workspace variables resolved (one query for the names used), all errors in
// Prefect's tree.
import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { ValidationError, httpError, type ValidationItem } from '../../errors.ts';
import { variableNames } from '../deployments/hydration.ts';
import { hydrateForValidation } from './hydration.ts';
import { SchemaProblem, errorTree, preprocessSchema, schemaProblem, validationErrors } from './schema-validation.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export async function validateSchemaValues(ctx: Context, schema: unknown, values: unknown) {
  const items: ValidationItem[] = [];
  for (const [name, value] of [
    ['schema', schema],
    ['values', values],
  ] as const) {
    if (!isObject(value)) items.push({ type: 'dict_type', loc: ['body', name], msg: 'Input should be a valid dictionary', input: value });
  }
  if (items.length > 0) throw new ValidationError(items);
  const prepared = preprocessSchema(schema as Json);
  const problem = schemaProblem(prepared);
  if (problem) throw httpError(422, `Invalid schema: ${problem}`);
  const names = [...variableNames(values)];
  const rows = names.length === 0 ? [] : await ctx.db.variable.findMany({ where: { name: { in: names } }, select: { name: true, value: true } });
  const hydrated = hydrateForValidation(values as Json, new Map(rows.map((r) => [r.name, r.value])));
  try {
    return errorTree(validationErrors(hydrated, prepared));
  } catch (error) {
    if (error instanceof SchemaProblem) throw httpError(422, `Invalid schema: ${error.message}`);
    throw error;
  }
}

const SchemaValuesValidationResponse = builder.objectRef<{ errors: unknown[]; valid: boolean }>('SchemaValuesValidationResponse').implement({
  description: 'The errors of values against a schema, as a tree of `{property | index, errors}` entries.',
  fields: (t) => ({
    errors: t.field({ description: 'The validation errors, each with the path of the value it concerns.', type: ['JSON'], resolve: (r) => r.errors }),
    valid: t.exposeBoolean('valid', { description: 'Whether the values satisfy the schema.' }),
  }),
});

builder.queryFields((t) => ({
  validate_obj: t.field({
    type: SchemaValuesValidationResponse,
    description: 'Validate values against a JSON schema (draft 2020-12), workspace variables resolved, jinja accepted unrendered.',
    args: {
      schema: t.arg({ description: 'The JSON schema to validate against.', type: 'JSON', required: true }),
      values: t.arg({ description: 'The values to validate.', type: 'JSON', required: true }),
    },
    resolve: (_root, args, ctx) => validateSchemaValues(ctx, args.schema, args.values),
  }),
}));
