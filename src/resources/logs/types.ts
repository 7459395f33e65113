// The Log type and LogCreate input (logs §1.2), with the two scalars their
// limits need: a log level is stored as SMALLINT, and a text-search query is
// at most 200 characters (Pydantic's constraints, reported as Pydantic does).
import { checkedScalar } from '../../graphql/scalars.ts';
import type { GraphQLScalarType } from 'graphql';
import { builder } from '../../graphql/builder.ts';
import { InvalidInput } from '../../validation/invalid-input.ts';
import { spanningAlternatives } from './text-search.ts';

/** PostgreSQL's SMALLINT, the log table's `level` column. */
export const SMALLINT_MIN = -32768;
export const SMALLINT_MAX = 32767;

/** LogFilterTextSearch.query's max_length. */
export const TEXT_QUERY_MAX = 200;

/**
 * Ours (Prefect has none): spaces inside phrases, `_` and `%` across a text
 * query's terms. Each costs one or two more LIKE tests per row
 * (text-search.ts); 200 `_` made a search of 2,000 logs take 2-3 s on SQLite.
 */
export const TEXT_QUERY_MAX_SPANS = 64;

const LogLevelScalar = checkedScalar(null, {
  name: 'LogLevel',
  description: `A Python logging level (10 DEBUG ... 50 CRITICAL, any integer from ${SMALLINT_MIN} to ${SMALLINT_MAX}: the column is a SMALLINT).`,
  parse: (v) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new InvalidInput('int_type', 'Input should be a valid integer');
    if (v > SMALLINT_MAX) throw new InvalidInput('less_than_equal', `Input should be less than or equal to ${SMALLINT_MAX}`, { le: SMALLINT_MAX });
    if (v < SMALLINT_MIN) throw new InvalidInput('greater_than_equal', `Input should be greater than or equal to ${SMALLINT_MIN}`, { ge: SMALLINT_MIN });
    return v;
  },
  // The REST door reads it with Pydantic's lax integer rules ("20", 20.0, true).
  extensions: { laxInt: true },
});

const TextQueryScalar = checkedScalar(null, {
  name: 'LogTextQuery',
  description: `A text search query: at most ${TEXT_QUERY_MAX} characters.`,
  parse: (v) => {
    if (typeof v !== 'string') throw new InvalidInput('string_type', 'Input should be a valid string');
    if ([...v].length > TEXT_QUERY_MAX) {
      throw new InvalidInput('string_too_long', `String should have at most ${TEXT_QUERY_MAX} characters`, { max_length: TEXT_QUERY_MAX });
    }
    const spans = spanningAlternatives(v);
    if (spans > TEXT_QUERY_MAX_SPANS) {
      throw new InvalidInput(
        'value_error',
        `Value error, a text query may hold at most ${TEXT_QUERY_MAX_SPANS} of the characters \`_\`, \`%\` and spaces inside phrases, not ${spans}`,
        { error: {} },
      );
    }
    return v;
  },
});

// The builder's scalar map is typed in builder.ts; these two are local to logs.
const scalars = builder as unknown as { addScalarType(name: string, scalar: GraphQLScalarType, options: object): unknown };
export const LogLevel = scalars.addScalarType('LogLevel', LogLevelScalar, {}) as any;
export const LogTextQuery = scalars.addScalarType('LogTextQuery', TextQueryScalar, {}) as any;

export const Log = builder.prismaObject('Log', {
  description: 'A log record of a flow run or task run.',
  fields: (t) => ({
    id: t.expose('id', { description: 'The id of the log.', type: 'UUID' }),
    created: t.expose('created', { description: 'When the log was created.', type: 'DateTime' }),
    updated: t.expose('updated', { description: 'When the log was last updated.', type: 'DateTime' }),
    name: t.exposeString('name', { description: 'The logger name.' }),
    level: t.exposeInt('level', { description: 'The log level.' }),
    message: t.exposeString('message', { description: 'The log message.' }),
    timestamp: t.expose('timestamp', { type: 'DateTime', description: 'The log timestamp.' }),
    flow_run_id: t.expose('flow_run_id', { type: 'UUID', nullable: true, description: 'The flow run ID associated with the log.' }),
    task_run_id: t.expose('task_run_id', { type: 'UUID', nullable: true, description: 'The task run ID associated with the log.' }),
  }),
});

export interface LogCreateInput {
  name: string;
  level: number;
  message: string;
  timestamp: Date;
  flow_run_id?: string | null;
  task_run_id?: string | null;
}

export const LogCreate = builder.inputType('LogCreate', {
  description: 'Data used by the Prefect REST API to create a log. Unknown keys (worker_id included) are refused.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'The logger name.' }),
    level: t.field({ type: LogLevel, required: true, description: 'The log level.' }),
    message: t.string({ required: true, description: 'The log message.' }),
    timestamp: t.field({ type: 'DateTime', required: true, description: 'The log timestamp.' }),
    flow_run_id: t.field({ description: 'The flow run ID associated with the log.', type: 'UUID' }),
    task_run_id: t.field({ description: 'The task run ID associated with the log.', type: 'UUID' }),
  }),
});
