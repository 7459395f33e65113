// The operator vocabulary of Prefect's filters. Each operator knows its GraphQL
// input type and how one value becomes a condition on one column; resources
// only say which column takes which operators.
import { TRUE, and, is, some, type Condition } from './condition.ts';

export interface CompileContext {
  provider: 'sqlite' | 'postgresql';
}

/** What an operator is applied to, for its description: `flow runs` and `state_type` (filters/define.ts derives both from the filter's name). */
export interface Subject {
  rows: string;
  field: string;
}

export interface Operator {
  /** Pothos type reference: a scalar name, or [name] for a list. */
  type: string | object | [string | object];
  /** A fixed sentence, or one written for the filter the operator is used in. */
  description: string | ((subject: Subject) => string);
  /** A GraphQL default for the operator's field (Prefect has one: task run flow_run_id.is_null_). */
  defaultValue?: unknown;
  /** One sub-query per listed value (all_): capped by PREFECT_SERVER_API_MAX_FILTER_ALL_VALUES. */
  subqueryPerValue?: boolean;
  compile(value: any, ctx: CompileContext): Condition;
}

/** A scalar name, or an enum's Pothos ref. */
type ItemType = 'String' | 'UUID' | 'DateTime' | 'Boolean' | 'Int' | object;

/** `col IN (list)`; an empty list matches nothing. */
export const anyOf = (column: string, item: ItemType): Operator => ({
  type: [item],
  description: ({ rows, field }) => `Only include ${rows} whose \`${field}\` is one of these.`,
  compile: (values: unknown[]) => ({ [column]: { in: values } }),
});

/** `col NOT IN (list)`; an empty list is ignored; NULL never matches. */
export const notAnyOf = (column: string, item: ItemType): Operator => ({
  type: [item],
  description: ({ rows, field }) => `Exclude ${rows} whose \`${field}\` is one of these (an empty list excludes nothing).`,
  compile: (values: unknown[]) => (values.length === 0 ? TRUE : { [column]: { notIn: values } }),
});

/**
 * Case-insensitive substring match, the same on both databases. Like Prefect,
 * `%` and `_` in the value are not escaped and act as wildcards; a backslash
 * is an ordinary character. PostgreSQL's ILIKE takes backslash as its escape
 * character, so it is doubled there; SQLite's LIKE has no escape character, and
 * its like() is replaced by a Unicode-aware one (db/sqlite-functions.ts) so
 * `ÜNÏ` finds `üni` there as ILIKE does.
 */
export const like = (column: string): Operator => ({
  type: 'String',
  description: ({ rows, field }) =>
    `Only include ${rows} whose \`${field}\` contains this text, ignoring case (\`%\` and \`_\` are wildcards). For example, passing 'marvin' will match 'marvin', 'sad-Marvin', and 'marvin-robot'.`,
  compile: (value: string, ctx) =>
    value === '' ? TRUE : { [column]: ctx.provider === 'postgresql' ? { contains: value.replaceAll('\\', '\\\\'), mode: 'insensitive' } : { contains: value } },
});

export const isNull = (column: string): Operator => ({
  type: 'Boolean',
  description: ({ rows, field }) => `If true, only include ${rows} whose \`${field}\` is null; if false, only those where it is set.`,
  compile: (value: boolean) => ({ [column]: value ? null : { not: null } }),
});

export const before = (column: string): Operator => ({
  type: 'DateTime',
  description: ({ rows, field }) => `Only include ${rows} whose \`${field}\` is at or before this time.`,
  compile: (value: Date) => ({ [column]: { lte: value } }),
});

export const after = (column: string): Operator => ({
  type: 'DateTime',
  description: ({ rows, field }) => `Only include ${rows} whose \`${field}\` is at or after this time.`,
  compile: (value: Date) => ({ [column]: { gte: value } }),
});

export const eq = (column: string): Operator => ({
  type: 'Boolean',
  description: ({ rows, field }) => `Only include ${rows} whose \`${field}\` equals this value.`,
  compile: (value: boolean) => ({ [column]: value }),
});

// Tags live in a JSON column (as sent) and in a `<resource>_tag` table (one row
// per distinct tag), so tag operators are EXISTS over that table on both databases.

/** The row's tags contain every listed tag; an empty list is ignored. */
export const tagsAll = (relation: string): Operator => ({
  type: ['String'],
  description: ({ rows }) => `A list of tags. Only include ${rows} that have every one of them (an empty list is ignored).`,
  // PostgreSQL's planner time grows steeply with the number of EXISTS (30 tags: ~1 s).
  subqueryPerValue: true,
  compile: (tags: string[]) => and([...new Set(tags)].map((tag) => some(relation, { tag }))),
});

/** At least one listed tag is present; an empty list matches nothing. */
export const tagsAny = (relation: string): Operator => ({
  type: ['String'],
  description: ({ rows }) => `A list of tags. Only include ${rows} that have at least one of them.`,
  compile: (tags: string[]) => some(relation, { tag: { in: tags } }),
});

/** true: no tags at all; false: at least one tag. */
export const tagsIsNull = (relation: string): Operator => ({
  type: 'Boolean',
  description: ({ rows }) => `If true, only include ${rows} without tags; if false, only those with at least one.`,
  compile: (value: boolean) => ({ [relation]: value ? { none: {} } : { some: {} } }),
});

/** A condition on a related row, e.g. parent_flow_run_id: the parent task run's flow run is in the list. */
export const anyOfRelated = (relation: string, column: string, item: ItemType): Operator => ({
  type: [item],
  description: ({ rows, field }) => `Only include ${rows} whose \`${field}\` is one of these.`,
  compile: (values: unknown[]) => is(relation, { [column]: { in: values } }),
});

/** true: some related row exists; false: none does. */
export const exists = (relation: string): Operator => ({
  type: 'Boolean',
  description: ({ rows, field }) => `If true, only include ${rows} that have ${field.replaceAll('_', ' ')}; if false, only those that have none.`,
  compile: (value: boolean) => ({ [relation]: value ? { some: {} } : { none: {} } }),
});
