// LogFilter (logs §1.5): level, timestamp, flow_run_id, task_run_id and text.
// Built from the filter layer's field filters; the top level is written here
// because of Prefect's quirk: the text search adds up to three conditions
// directly to the filter's own list, so under `or_` each one is a separate
// alternative (text-search.ts).
import type { InputObjectRef } from '@pothos/core';
import { builder, OperatorEnum } from '../../graphql/builder.ts';
import { TRUE, combine, type Condition } from '../../filters/condition.ts';
import { fieldFilter, filterArgument, type FilterDef, type ListUse, type ResourceFilterDef } from '../../filters/define.ts';
import { after, anyOf, before, isNull, type Operator } from '../../filters/operators.ts';
import { textSearchConditions } from './text-search.ts';
import { LogTextQuery, SMALLINT_MAX, SMALLINT_MIN } from './types.ts';

// The column is a SMALLINT: a bound outside its range is decided here, since
// PostgreSQL cannot bind it as one (Prefect compares any integer).
const NOTHING = { id: { in: [] } };

const atLeast = (column: string): Operator => ({
  type: 'Int',
  description: 'Include logs with a level greater than or equal to this level',
  compile: (value: number) => (value > SMALLINT_MAX ? NOTHING : value <= SMALLINT_MIN ? TRUE : { [column]: { gte: value } }),
});

const atMost = (column: string): Operator => ({
  type: 'Int',
  description: 'Include logs with a level less than or equal to this level',
  compile: (value: number) => (value < SMALLINT_MIN ? NOTHING : value >= SMALLINT_MAX ? TRUE : { [column]: { lte: value } }),
});

const fields: Record<string, FilterDef> = {
  level: fieldFilter('LogFilterLevel', {
    description: 'Filter by `Log.level`.',
    ops: { ge_: atLeast('level'), le_: atMost('level') },
  }),
  timestamp: fieldFilter('LogFilterTimestamp', {
    description: 'Filter by `Log.timestamp`.',
    ops: { before_: before('timestamp'), after_: after('timestamp') },
  }),
  flow_run_id: fieldFilter('LogFilterFlowRunId', {
    description: 'Filter by `Log.flow_run_id`.',
    ops: { any_: anyOf('flow_run_id', 'UUID') },
  }),
  task_run_id: fieldFilter('LogFilterTaskRunId', {
    description: 'Filter by `Log.task_run_id`.',
    ops: { any_: anyOf('task_run_id', 'UUID'), is_null_: isNull('task_run_id') },
  }),
};

const LogFilterTextSearch = builder.inputType('LogFilterTextSearch', {
  description:
    'Filter by text search across log content (`message + " " + name`, case-insensitive substrings): space-separated terms match any, ' +
    '`-term` or `!term` exclude, `+term` require, `"..."` is a phrase.',
  fields: (t) => ({
    query: t.field({ type: LogTextQuery, required: true, description: 'Text search query string' }),
  }),
});

type Value = Record<string, unknown> & { operator?: 'and_' | 'or_' | null; text?: { query: string } | null };

const present = (value: Value, key: string) => value[key] !== null && value[key] !== undefined;

const ref: InputObjectRef<any, any> = builder.inputType('LogFilter', {
  description: 'Filter logs. Only logs matching all criteria will be returned.',
  fields: (t) => ({
    operator: t.field({ type: OperatorEnum, defaultValue: 'and_', description: 'Operator for combining filter criteria. Defaults to `and_`.' }),
    ...Object.fromEntries(Object.entries(fields).map(([key, field]) => [key, t.field({ type: field.ref, description: field.description })])),
    text: t.field({ type: LogFilterTextSearch, description: 'Filter criteria for text search across log content' }),
  }),
});

export const LogFilter: ResourceFilterDef = {
  ref,
  description: 'Filter logs. Only logs matching all criteria will be returned.',
  argument: filterArgument('LogFilter'),
  compile(value: Value, ctx): Condition {
    const parts = Object.entries(fields)
      .filter(([key]) => present(value, key))
      .map(([key, field]) => field.compile(value[key] as Value, ctx));
    if (value.text) parts.push(...textSearchConditions(value.text.query, ctx));
    return combine(value.operator, parts);
  },
  lists(value: Value): ListUse[] {
    return Object.entries(fields)
      .filter(([key]) => present(value, key))
      .flatMap(([key, field]) => field.lists(value[key] as Value).map((use) => ({ ...use, path: [key, ...use.path] })));
  },
};
