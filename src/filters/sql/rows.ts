// The rows of a read, in one statement: the columns a request needs of a model
// and of its to-one relations (LEFT JOINs), and how to turn each result row
// back into the nested object Prisma's findMany would give for that selection.
// Values come typed from the client's raw query path (it decodes by the
// columns' declared types: Date, booleans), so a column is read as is; an
// expression would lose its type (SQLite), hence plain columns only. JSON is
// the exception: SQLite's JSONB columns have NUMERIC affinity, so a stored JSON
// number (a state's `data` of 5) comes back as a number that the raw path
// refuses to decode as JSON. JSON columns are read as text and parsed here.
import type { ModelInfo, Models } from './datamodel.ts';
import { quote } from './params.ts';

/** What to read of a model: columns (the id is always added) and to-one relations. */
export interface RowShape {
  columns: readonly string[];
  joins: ReadonlyMap<string, RowShape>;
}

export interface CompiledRows {
  /** The SELECT list (aliased `c0`, `c1`, ...). */
  select: string;
  /** `LEFT JOIN ...` clauses after `FROM <table> <alias>`. */
  joins: string;
  /** A result row → the nested row. */
  decode(row: Record<string, unknown>): Record<string, unknown>;
}

interface Slot {
  alias: string;
  name: string;
  /** Read as JSON text (see the header). */
  json: boolean;
}

interface Node {
  slots: Slot[];
  /** The slot of the id: a joined row whose id is NULL is no row. */
  id: string;
  children: [string, Node][];
}

/** Compiles `shape` of `model`, whose table is aliased `alias` in the statement. */
export function compileRows(models: Models, model: ModelInfo, alias: string, shape: RowShape): CompiledRows {
  const select: string[] = [];
  const joins: string[] = [];
  let nextJoin = 0;
  const build = (info: ModelInfo, tableAlias: string, rowShape: RowShape): Node => {
    const slots: Slot[] = [];
    let id = '';
    for (const column of new Set([info.id, ...rowShape.columns])) {
      if (!info.columns.has(column)) throw new Error(`SQL rows: unknown column ${info.name}.${column}`);
      const slot = `c${select.length}`;
      const json = info.types.get(column) === 'Json';
      select.push(json ? `CAST(${tableAlias}.${quote(column)} AS TEXT) AS ${slot}` : `${tableAlias}.${quote(column)} AS ${slot}`);
      slots.push({ alias: slot, name: column, json });
      if (column === info.id) id = slot;
    }
    const children: [string, Node][] = [];
    for (const [name, inner] of rowShape.joins) {
      const relation = info.relations.get(name);
      if (!relation || relation.isList) throw new Error(`SQL rows: ${info.name}.${name} is not a to-one relation`);
      const target = models.get(relation.model)!;
      const joined = `j${nextJoin++}`;
      const on = relation.on.map(([mine, theirs]) => `${joined}.${quote(theirs)} = ${tableAlias}.${quote(mine)}`).join(' AND ');
      joins.push(`LEFT JOIN ${quote(target.table)} ${joined} ON ${on}`);
      children.push([name, build(target, joined, inner)]);
    }
    return { slots, id, children };
  };
  const root = build(model, alias, shape);
  const decodeNode = (node: Node, row: Record<string, unknown>): Record<string, unknown> | null => {
    if (row[node.id] === null || row[node.id] === undefined) return null;
    const out: Record<string, unknown> = {};
    for (const slot of node.slots) {
      const value = row[slot.alias];
      out[slot.name] = slot.json && typeof value === 'string' ? JSON.parse(value) : value;
    }
    for (const [name, child] of node.children) out[name] = decodeNode(child, row);
    return out;
  };
  return {
    select: select.join(', '),
    joins: joins.length === 0 ? '' : ` ${joins.join(' ')}`,
    decode: (row) => decodeNode(root, row)!,
  };
}
