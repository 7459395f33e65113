// A root field's plan (./plan.ts) → one SQL statement whose single row holds
// the field's JSON text, built by the database:
//   PostgreSQL: json_build_object / json_agg
//   SQLite:     json_object / json_group_array (3.44+ for the aggregate's ORDER BY)
// Each list (the root's and every relation's) is a derived table that pages
// the rows in SQL (`WHERE parent = … AND <filter> ORDER BY … LIMIT … OFFSET …`,
// the per-parent index serves it), wrapped in an aggregate that keeps that
// order; to-one relations and counts are correlated subqueries. The filter
// and ORDER BY are the filter layer's (src/filters/sql).
import { compileOrderBy } from '../../filters/sql/order-by.ts';
import { Params, inlineInteger, quote, type Provider } from '../../filters/sql/params.ts';
import { compileWhere, newScope } from '../../filters/sql/where.ts';
import type { Models, ModelInfo } from '../../filters/sql/datamodel.ts';
import type { Find } from './marks.ts';
import type { Entry, Format, ObjectPlan, RootPlan } from './plan.ts';

export interface ReadStatement {
  sql: string;
  values: unknown[];
}

/** The statement answering `root`: one row, one column `data` (JSON text of the list). */
export function readStatement(models: Models, provider: Provider, root: RootPlan): ReadStatement {
  const params = new Params(provider);
  const builder = new Builder(models, provider, params);
  const list = builder.list(root.object, root.find, null);
  return { sql: `SELECT ${provider === 'postgresql' ? `${list}::text` : list} AS "data"`, values: params.values };
}

class Builder {
  private aliases = 0;
  private scope;

  constructor(
    private models: Models,
    private provider: Provider,
    params: Params,
  ) {
    this.scope = newScope(models, params);
  }

  private alias(): string {
    return `q${this.aliases++}`;
  }

  /**
   * The JSON array of `object`'s rows found by `find`, in its order; `parent`
   * ties them to a row of the enclosing statement (`column = outer.id`).
   * SQLite's `?` placeholders bind in text order: each part is built in the
   * order it is written.
   */
  list(object: ObjectPlan, find: Find, parent: { column: string; outer: string } | null): string {
    const { model } = object;
    const row = this.alias();
    const paged = this.alias();
    // The row's JSON is built over the page (alias `row`), after the derived table picked it.
    const json = this.object(object, row);
    const order = compileOrderBy(model, row, find.orderBy);
    const conditions = [...(parent ? [`${paged}.${quote(parent.column)} = ${parent.outer}`] : []), compileWhere(this.scope, model, paged, find.where)].join(' AND ');
    const columns = [...readColumns(object, find)].map((c) => `${paged}.${quote(c)}`).join(', ');
    const page =
      `SELECT ${columns} FROM ${quote(model.table)} ${paged} WHERE ${conditions} ` +
      `ORDER BY ${compileOrderBy(model, paged, find.orderBy)} LIMIT ${inlineInteger(find.take)} OFFSET ${inlineInteger(find.skip)}`;
    if (this.provider === 'postgresql') {
      return `(SELECT coalesce(json_agg(${json} ORDER BY ${order}), '[]'::json) FROM (${page}) ${row})`;
    }
    return `json((SELECT json_group_array(${json} ORDER BY ${order}) FROM (${page}) ${row}))`;
  }

  /** The JSON object of the row aliased `row`. */
  private object(object: ObjectPlan, row: string): string {
    const pairs = object.entries.map((entry) => `${text(entry.key)}, ${this.value(object.model, entry, row)}`);
    return `${this.provider === 'postgresql' ? 'json_build_object' : 'json_object'}(${pairs.join(', ')})`;
  }

  private value(model: ModelInfo, entry: Entry, row: string): string {
    switch (entry.kind) {
      case 'constant':
        return text(entry.value);
      case 'column':
        return this.column(`${row}.${quote(entry.column)}`, entry.format);
      case 'join': {
        const target = this.models.get(entry.relation.model)!;
        const joined = this.alias();
        const on = entry.relation.on.map(([mine, theirs]) => `${joined}.${quote(theirs)} = ${row}.${quote(mine)}`).join(' AND ');
        const one = `(SELECT ${this.object(entry.object, joined)} FROM ${quote(target.table)} ${joined} WHERE ${on})`;
        return this.provider === 'postgresql' ? one : `json(${one})`;
      }
      case 'mirror': {
        // The row's own columns, null exactly when the join would find nothing (no link).
        const unlinked = entry.relation.on.map(([mine]) => `${row}.${quote(mine)} IS NULL`).join(' OR ');
        const one = `CASE WHEN ${unlinked} THEN NULL ELSE ${this.object(entry.object, row)} END`;
        return this.provider === 'postgresql' ? one : `json(${one})`;
      }
      case 'list':
        return this.list(entry.object, entry.find, { column: entry.parentColumn, outer: `${row}.${quote(model.id)}` });
      case 'count': {
        const counted = this.alias();
        const where = compileWhere(this.scope, entry.model, counted, entry.where);
        return `(SELECT count(*) FROM ${quote(entry.model.table)} ${counted} WHERE ${counted}.${quote(entry.parentColumn)} = ${row}.${quote(model.id)} AND ${where})`;
      }
      case 'computed': {
        // The inputs as a JSON array; computed.ts makes the value after the statement.
        const column = (name: string) => `${row}.${quote(name)}`;
        const inputs = entry.inputs.map((input) =>
          'column' in input ? this.column(column(input.column), input.format) : this.column(`(${input.expression.sql(column)})`, input.expression.json ? 'json' : 'plain'),
        );
        return `${this.provider === 'postgresql' ? 'json_build_array' : 'json_array'}(${inputs.join(', ')})`;
      }
    }
  }

  /** A column as its field's JSON value (the formats the resolvers' scalars print). */
  private column(column: string, format: Format): string {
    const postgres = this.provider === 'postgresql';
    switch (format) {
      case 'plain':
        return column;
      case 'json':
        return postgres ? column : `json(${column})`;
      case 'boolean':
        return postgres ? column : `CASE WHEN ${column} IS NULL THEN NULL WHEN ${column} THEN json('true') ELSE json('false') END`;
      case 'datetime':
        return postgres ? postgresDateTime(column) : sqliteDateTime(column);
    }
  }
}

/** The columns of a page that its JSON and its order read (the filter runs inside the page). */
function readColumns(object: ObjectPlan, find: Find): Set<string> {
  const columns = new Set([object.model.id, ...find.orderBy.flatMap((term) => Object.keys(term))]);
  for (const entry of object.entries) {
    if (entry.kind === 'column') columns.add(entry.column);
    if (entry.kind === 'join' || entry.kind === 'mirror') for (const [mine] of entry.relation.on) columns.add(mine);
    if (entry.kind === 'mirror') for (const mirrored of entry.object.entries) if (mirrored.kind === 'column') columns.add(mirrored.column);
    if (entry.kind === 'computed') for (const input of entry.inputs) if ('column' in input) columns.add(input.column);
  }
  return columns;
}

// Prefect's timestamps (validation/datetime.ts formatDateTime): UTC, whole
// seconds end in `Z`, otherwise milliseconds padded to six digits. A value is
// read at millisecond precision (as the driver reads it into a Date: digits
// past the millisecond are dropped).
function postgresDateTime(column: string): string {
  // MS truncates the microseconds; a whole second then reads `.000000Z`.
  return `replace(to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"000Z"'), '.000000Z', 'Z')`;
}

function sqliteDateTime(column: string): string {
  // strftime reads the stored ISO text (any offset) as UTC; %f is SS.SSS.
  return `replace(strftime('%Y-%m-%dT%H:%M:%f', ${column}) || '000Z', '.000000Z', 'Z')`;
}

/** A string literal (keys are GraphQL names, type names; quoted anyway). */
const text = (value: string) => `'${value.replaceAll("'", "''")}'`;
