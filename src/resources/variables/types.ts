// The Variable type, its inputs and sort, with Prefect's JSON names (§2.1–2.4).
import { builder } from '../../graphql/builder.ts';
import { sortEnum } from '../../filters/sort.ts';
import { VariableNameScalar, VariableValueScalar } from './validation.ts';

export interface VariableRow {
  id: string;
  created: Date;
  updated: Date;
  name: string;
  value: unknown;
  tags: unknown;
}

const VariableName = builder.addScalarType('VariableName' as never, VariableNameScalar);
const VariableValue = builder.addScalarType('VariableValue' as never, VariableValueScalar);

export const Variable = builder.objectRef<VariableRow>('Variable').implement({
  description: 'A workspace variable: a named JSON value with tags.',
  fields: (t) => ({
    id: t.field({ description: 'The id of the variable.', type: 'UUID', resolve: (v) => v.id }),
    created: t.field({ description: 'When the variable was created.', type: 'DateTime', resolve: (v) => v.created }),
    updated: t.field({ description: 'When the variable was last updated.', type: 'DateTime', resolve: (v) => v.updated }),
    name: t.exposeString('name', { description: 'The name of the variable' }),
    value: t.field({ type: 'JSON', nullable: true, description: 'The value of the variable', resolve: (v) => v.value as never }),
    tags: t.field({ type: ['String'], description: 'A list of variable tags', resolve: (v) => (Array.isArray(v.tags) ? v.tags : []) }),
  }),
});

export const VariableCreate = builder.inputType('VariableCreate', {
  description: 'Data used by the Prefect REST API to create a Variable. `value` is required; null is a value.',
  fields: (t) => ({
    name: t.field({ type: VariableName as never, required: true, description: 'The name of the variable' }),
    value: t.field({ type: VariableValue as never, description: 'The value of the variable (required; may be null)' }),
    tags: t.stringList({ description: 'A list of variable tags; defaults to []' }),
  }),
});

export const VariableUpdate = builder.inputType('VariableUpdate', {
  description: 'Data used by the Prefect REST API to update a Variable. Only the keys given are written.',
  fields: (t) => ({
    name: t.field({ type: VariableName as never, description: 'The name of the variable' }),
    value: t.field({ type: VariableValue as never, description: 'The value of the variable' }),
    tags: t.stringList({ description: 'A list of variable tags' }),
  }),
});

export const VariableSort = sortEnum('VariableSort', {
  CREATED_DESC: { description: 'Newest first', orderBy: [{ created: 'desc' }] },
  UPDATED_DESC: { description: 'Most recently updated first', orderBy: [{ updated: 'desc' }] },
  NAME_DESC: { description: 'By name, Z to A', orderBy: [{ name: 'desc' }] },
  NAME_ASC: { description: 'By name, A to Z', orderBy: [{ name: 'asc' }] },
});
