// What the SQL compiler needs to know of the Prisma model: table and column
// names, and how each relation joins. Read from the datamodel Pothos already
// gets (fields, kinds, foreign keys) and the client's runtime data model
// (table names). Field names are the column names: the model maps none.
import { getDatamodel } from '../../generated/pothos-types.ts';
import type { Db } from '../../db/client.ts';

export interface Relation {
  /** The related model. */
  model: string;
  isList: boolean;
  /** Column pairs: `[column on this model, column on the related model]`. */
  on: [string, string][];
}

export interface ModelInfo {
  name: string;
  table: string;
  /** The single-column primary key. */
  id: string;
  columns: Set<string>;
  /** Each column's Prisma scalar type (String, DateTime, Json, Int, Float, Boolean, ...). */
  types: Map<string, string>;
  relations: Map<string, Relation>;
}

export type Models = Map<string, ModelInfo>;

interface DmmfField {
  name: string;
  kind: string;
  type: string;
  isList: boolean;
  isId?: boolean;
  relationName?: string;
  relationFromFields?: string[];
}

const cache = new WeakMap<Db, Models>();

/** The models of `db`'s schema (built once per client). */
export function modelsOf(db: Db): Models {
  let models = cache.get(db);
  if (!models) cache.set(db, (models = buildModels(tableNames(db))));
  return models;
}

function tableNames(db: Db): Record<string, string> {
  // Prisma keeps the runtime data model (with @@map names) on the client.
  const runtime = (db as unknown as { _runtimeDataModel: { models: Record<string, { dbName: string | null }> } })._runtimeDataModel;
  return Object.fromEntries(Object.entries(runtime.models).map(([name, model]) => [name, model.dbName ?? name]));
}

export function buildModels(tables: Record<string, string>): Models {
  const dmmf = getDatamodel().datamodel.models as unknown as Record<string, { fields: DmmfField[] }>;
  const idOf = (name: string) => {
    const id = dmmf[name].fields.find((f) => f.isId);
    if (!id) throw new Error(`SQL compiler: model ${name} has no single-column id`);
    return id.name;
  };
  const models: Models = new Map();
  for (const [name, { fields }] of Object.entries(dmmf)) {
    const relations = new Map<string, Relation>();
    for (const field of fields.filter((f) => f.kind === 'object')) {
      const from = field.relationFromFields ?? [];
      if (from.length > 0) {
        // This side holds the foreign key; every relation of the model references an id.
        if (from.length !== 1) throw new Error(`SQL compiler: ${name}.${field.name} has a composite foreign key`);
        relations.set(field.name, { model: field.type, isList: false, on: [[from[0], idOf(field.type)]] });
      } else {
        const back = dmmf[field.type].fields.find((f) => f.relationName === field.relationName && f.type === name && (f.relationFromFields ?? []).length > 0);
        if (!back) throw new Error(`SQL compiler: no foreign key for ${name}.${field.name}`);
        relations.set(field.name, { model: field.type, isList: field.isList, on: [[idOf(name), back.relationFromFields![0]]] });
      }
    }
    const id = fields.find((f) => f.isId)?.name ?? '';
    models.set(name, {
      name,
      table: tables[name] ?? name,
      id,
      columns: new Set(fields.filter((f) => f.kind !== 'object').map((f) => f.name)),
      types: new Map(fields.filter((f) => f.kind !== 'object').map((f) => [f.name, f.type])),
      relations,
    });
  }
  return models;
}
