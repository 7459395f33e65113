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
  /**
   * decode for a row given as its values in SELECT order (a statement whose
   * columns are exactly `select`, db/raw-rows.ts queryValues): no object per
   * result row, and the nested row built by a function compiled for the shape.
   */
  decodeValues(values: readonly unknown[]): Record<string, unknown>;
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
  let compiled: ValuesDecoder | undefined;
  return {
    select: select.join(', '),
    joins: joins.length === 0 ? '' : ` ${joins.join(' ')}`,
    decode: (row) => decodeNode(root, row)!,
    decodeValues: (values) => (compiled ??= valuesDecoder(root))(values),
  };
}

type ValuesDecoder = (values: readonly unknown[]) => Record<string, unknown>;

/** Compiled decoders by shape (the Node as JSON); a bound keeps arbitrary selections from piling up. */
const decoders = new Map<string, ValuesDecoder>();
const MAX_DECODERS = 500;

/**
 * The decoder of `root`'s shape: a function whose object literals have the
 * shape's keys, reading the values by position (slot `c<i>` is values[i]).
 * About 1 ms less per 200-row page than filling objects key by key: each
 * row's object is built in one step with the same hidden class. The keys are
 * the datamodel's column and relation names, printed as JSON strings.
 */
function valuesDecoder(root: Node): ValuesDecoder {
  const key = JSON.stringify(root);
  let decoder = decoders.get(key);
  if (decoder) return decoder;
  const position = (alias: string) => Number(alias.slice(1));
  const lines: string[] = [];
  let next = 0;
  // Children first (each a local), then the object literal that holds them.
  const build = (node: Node): string => {
    const fields = node.slots.map((slot) => {
      const value = `v[${position(slot.alias)}]`;
      return `${JSON.stringify(slot.name)}: ${slot.json ? `json(${value})` : value}`;
    });
    for (const [name, child] of node.children) {
      const local = build(child);
      fields.push(`${JSON.stringify(name)}: ${local}`);
    }
    const local = `n${next++}`;
    const id = `v[${position(node.id)}]`;
    lines.push(`const ${local} = ${id} === null || ${id} === undefined ? null : { ${fields.join(', ')} };`);
    return local;
  };
  const top = build(root);
  const json = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);
  decoder = new Function('json', `return (v) => {\n${lines.join('\n')}\nreturn ${top};\n};`)(json) as ValuesDecoder;
  if (decoders.size >= MAX_DECODERS) decoders.delete(decoders.keys().next().value!);
  decoders.set(key, decoder);
  return decoder;
}
