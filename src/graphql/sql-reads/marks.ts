// What a field of the schema is in SQL, for reads answered by one statement
// (./README.md). A field without a mark is answered by its resolver only, and
// any document that selects it runs the usual way. Pothos's t.expose marks
// itself (extensions.pothosExposedField); the rest are marked next to their
// definitions with these helpers.
import type { GraphQLField } from 'graphql';
import type { Context } from '../context.ts';
import type { OrderBy } from '../../filters/sort.ts';

/** How the rows of a read_<plural> root field are found from its arguments. */
export interface RootRead {
  /** The Prisma model listed. */
  model: string;
  find(args: Record<string, unknown>, ctx: Context): Promise<Find>;
}

/** A list relation (Flow.flow_runs): its rows per parent, from the field's arguments. */
export interface ListRead {
  model: string;
  parentColumn: string;
  find(args: Record<string, unknown>, ctx: Context): Find;
}

/** A relation count (Flow.flow_runs_count). */
export interface CountRead {
  model: string;
  parentColumn: string;
  where(args: Record<string, unknown>, ctx: Context): Record<string, unknown>;
}

export interface Find {
  where: Record<string, unknown>;
  orderBy: OrderBy;
  take: number;
  skip: number;
}

/**
 * A field computed in JavaScript from its row: the statement reads `columns`
 * (and `expressions`, SQL over the row such as a lookup in another table) into
 * the JSON, and `compute` makes the field's value from them after the
 * statement, as its resolver does from a row: DateTime columns as Date, JSON
 * columns parsed. The value is then printed by the field's type (its
 * serializers; an object's fields must be exposed properties of it).
 */
export interface Computed {
  columns: readonly string[];
  /** Named SQL expressions over the row; `column(name)` is a column of it (listed in `columns`). */
  expressions?: Record<string, Expression>;
  compute(row: Record<string, unknown>): unknown;
}

export interface Expression {
  sql(column: (name: string) => string): string;
  /** 'json' when the expression is a JSON column (SQLite stores it as text). */
  json?: true;
}

interface Marks {
  pothosExposedField?: string;
  /** The field's value is this column of its row, unchanged. */
  sqlColumn?: string;
  /** The field's value is the row of this to-one relation of the model (datamodel name). */
  sqlJoin?: string;
  /** Columns of this row that hold the same values as fields of the joined row (see sqlJoin). */
  sqlMirror?: Mirror;
  sqlRoot?: RootRead;
  sqlList?: ListRead;
  sqlCount?: CountRead;
  sqlComputed?: Computed;
}

export const marksOf = (field: GraphQLField<unknown, unknown>) => field.extensions as Marks;

/** Marks a field whose resolver returns `name`'s column as read. */
export const sqlColumn = (name: string) => ({ sqlColumn: name });

/** Fields of a joined row (by GraphQL name) that its parent row repeats, with the parent's column for each. */
export type Mirror = Readonly<Record<string, string>>;

/**
 * Marks a field whose resolver returns the row of the model's to-one relation
 * `name`. `mirror`: the parent's copies of some of that row's fields, which
 * the server writes in the same statement as the link (a run's state_type,
 * state_name and state_timestamp, beside state_id): a selection of only those
 * fields reads them from the parent row instead of joining.
 */
export const sqlJoin = (name: string, mirror?: Mirror) => ({ sqlJoin: name, ...(mirror ? { sqlMirror: mirror } : {}) });

export const sqlRoot = (read: RootRead) => ({ sqlRoot: read });
export const sqlList = (read: ListRead) => ({ sqlList: read });
export const sqlCount = (read: CountRead) => ({ sqlCount: read });

export const sqlComputed = (computed: Computed) => ({ sqlComputed: computed });

/**
 * A field whose resolver is `compute` of its parent row, marked for SQL reads
 * with the columns it reads: one function serves both paths.
 */
export function computedField<Row, Value>(columns: readonly string[], compute: (row: Row) => Value) {
  return {
    resolve: (row: Row) => compute(row),
    extensions: sqlComputed({ columns, compute: compute as Computed['compute'] }),
  };
}
