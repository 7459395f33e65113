// Root fields for variables, named after Prefect's operations (api/variables.py).
import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { listArgs, resolveLimit } from '../../pagination.ts';
import { own, toWhere } from '../../filters/related.ts';
import { VariableFilter } from './filters.ts';
import { createVariable, deleteVariable, readVariable, updateVariable } from './service.ts';
import { Variable, VariableCreate, VariableSort, VariableUpdate } from './types.ts';

const variableWhere = (filter: Record<string, unknown> | null | undefined, ctx: Context) => toWhere(own(VariableFilter, filter, ctx));

builder.queryFields((t) => ({
  read_variable: t.field({
    type: Variable,
    description: 'Get a variable by id.',
    args: { id: t.arg({ description: 'The variable id', type: 'UUID', required: true }) },
    resolve: (_root, args, ctx) => readVariable(ctx, { id: args.id }),
  }),
  read_variable_by_name: t.field({
    type: Variable,
    description: 'Get a variable by name (exact, case-sensitive).',
    args: { name: t.arg.string({ description: 'The name of the variable', required: true }) },
    resolve: (_root, args, ctx) => readVariable(ctx, { name: args.name }),
  }),
  read_variables: t.field({
    type: [Variable],
    description: 'Query for variables.',
    args: {
      variables: t.arg({ type: VariableFilter.ref, description: VariableFilter.argument }),
      sort: t.arg({ description: 'The order of the variables; ties are broken by id.', type: VariableSort.ref, defaultValue: 'NAME_ASC' }),
      ...listArgs,
    },
    resolve: (_root, args, ctx) =>
      ctx.db.variable.findMany({
        where: variableWhere(args.variables, ctx),
        orderBy: VariableSort.orderBy(args.sort ?? 'NAME_ASC') as never,
        take: resolveLimit(args.limit, ctx.settings.api.defaultLimit),
        skip: args.offset ?? 0,
      }),
  }),
  count_variables: t.int({
    description: 'Count variables.',
    args: { variables: t.arg({ type: VariableFilter.ref, description: VariableFilter.argument }) },
    resolve: (_root, args, ctx) => ctx.db.variable.count({ where: variableWhere(args.variables, ctx) }),
  }),
}));

builder.mutationFields((t) => ({
  create_variable: t.field({
    type: Variable,
    description: 'Create a variable; a taken name is a 409.',
    args: { variable: t.arg({ description: 'Data used by the Prefect REST API to create a Variable.', type: VariableCreate, required: true }) },
    resolve: (_root, args, ctx) => createVariable(ctx, args.variable as never),
  }),
  update_variable: t.field({
    type: Variable,
    description: 'Update a variable by id (only the keys given); returns it.',
    args: {
      id: t.arg({ description: 'The variable id', type: 'UUID', required: true }),
      variable: t.arg({ description: 'Data used by the Prefect REST API to update a Variable.', type: VariableUpdate, required: true }),
    },
    resolve: (_root, args, ctx) => updateVariable(ctx, { id: args.id }, args.variable as never),
  }),
  update_variable_by_name: t.field({
    type: Variable,
    description: 'Update a variable by name (only the keys given); returns it.',
    args: {
      name: t.arg.string({ description: 'The name of the variable', required: true }),
      variable: t.arg({ description: 'Data used by the Prefect REST API to update a Variable.', type: VariableUpdate, required: true }),
    },
    resolve: (_root, args, ctx) => updateVariable(ctx, { name: args.name }, args.variable as never),
  }),
  delete_variable: t.boolean({
    description: 'Delete a variable by id.',
    args: { id: t.arg({ description: 'The variable id', type: 'UUID', required: true }) },
    resolve: (_root, args, ctx) => deleteVariable(ctx, { id: args.id }),
  }),
  delete_variable_by_name: t.boolean({
    description: 'Delete a variable by name.',
    args: { name: t.arg.string({ description: 'The name of the variable', required: true }) },
    resolve: (_root, args, ctx) => deleteVariable(ctx, { name: args.name }),
  }),
}));
