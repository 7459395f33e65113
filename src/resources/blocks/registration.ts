// The block types and schemas a fresh server registers (blocks §6), from the
// shipped data file builtin/block-types.json (scripts/builtin-blocks/). Every
// write is idempotent and decided by the database (INSERT ... ON CONFLICT), so
// two replicas starting at once both succeed and leave one row per slug and
// per (checksum, version).
//
// When: start.ts awaits registerBuiltinBlockTypes after migrations
// (PREFECT_SERVER_REGISTER_BLOCKS_ON_START); every block operation also awaits
// ensureBuiltinBlockTypes, which runs it once per database client, so servers
// started without it (the tests' server) register lazily on the first block
// request.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { dialectOf } from '../../orchestration/transaction.ts';
import builtin from './builtin/block-types.json' with { type: 'json' };
import type { BlockClient } from './data.ts';
import { createSchemaIn } from './schemas/insert.ts';
import { createColumns } from './types/service.ts';

interface BuiltinBlockType {
  name: string;
  slug: string;
  logo_url: string | null;
  documentation_url: string | null;
  description: string | null;
  code_example: string | null;
  is_protected: boolean;
  collection: string | null;
  block_schema: { checksum: string; fields: Record<string, unknown>; capabilities: string[]; version: string };
}

export const BUILTIN_BLOCK_TYPES = builtin.block_types as unknown as BuiltinBlockType[];

type Mode = 'protected' | 'register';

/**
 * One INSERT ... ON CONFLICT (slug) DO UPDATE. A new row gets the create
 * path's columns (URLs stripped, texts escaped). An existing one: protected
 * types overwrite name and texts (escaped) and become protected (§2.7); the
 * others update only the URLs and texts, as given (§6.2).
 */
async function upsertType(tx: BlockClient, type: BuiltinBlockType, mode: Mode, now: Date): Promise<string> {
  const insert = createColumns(type);
  const protect = mode === 'protected';
  const update = protect
    ? insert
    : { ...insert, logo_url: type.logo_url, documentation_url: type.documentation_url, description: type.description, code_example: type.code_example };
  const pg = dialectOf(tx as never) === 'postgresql';
  const values: unknown[] = [];
  // Each placeholder binds its own value (SQLite's `?` bind in order of appearance).
  const bind = (value: unknown, cast = '') => {
    values.push(value);
    return pg ? `$${values.length}${cast}` : '?';
  };
  const stamp = pg ? now.toISOString() : now;
  const inserted = [
    bind(randomUUID(), '::uuid'),
    bind(insert.name),
    bind(insert.slug),
    bind(insert.logo_url),
    bind(insert.documentation_url),
    bind(insert.description),
    bind(insert.code_example),
    bind(pg ? protect : Number(protect), '::boolean'),
    bind(stamp, '::timestamptz'),
    bind(stamp, '::timestamptz'),
  ].join(', ');
  const set = [
    ...(protect ? [`name = ${bind(update.name)}`, `is_protected = ${pg ? 'true' : '1'}`] : []),
    `logo_url = ${bind(update.logo_url)}`,
    `documentation_url = ${bind(update.documentation_url)}`,
    `description = ${bind(update.description)}`,
    `code_example = ${bind(update.code_example)}`,
    `updated = ${bind(stamp, '::timestamptz')}`,
  ].join(', ');
  const sql =
    `INSERT INTO block_type (id, name, slug, logo_url, documentation_url, description, code_example, is_protected, created, updated) VALUES (${inserted}) ` +
    `ON CONFLICT (slug) DO UPDATE SET ${set} RETURNING ${pg ? 'id::text AS id' : 'id'}`;
  const rows = await tx.$queryRawUnsafe<{ id: string }[]>(sql, ...values);
  return rows[0].id;
}

async function registerSchema(tx: BlockClient, typeId: string, type: BuiltinBlockType) {
  const schema = type.block_schema;
  await createSchemaIn(tx, { fields: schema.fields, block_type_id: typeId, capabilities: schema.capabilities, version: schema.version });
}

/** One type and its schema in one transaction. */
async function registerOne(db: Db, type: BuiltinBlockType, mode: Mode) {
  await db.$transaction(async (tx) => registerSchema(tx, await upsertType(tx, type, mode, new Date()), type));
}

/** POST /block_types/install_system_block_types: the protected types, each in its own transaction. */
export async function installSystemBlockTypes(db: Db): Promise<void> {
  for (const type of BUILTIN_BLOCK_TYPES.filter((t) => t.is_protected)) await registerOne(db, type, 'protected');
}

/** Whether every built-in type and schema is stored already (a restart): two counts. */
async function allRegistered(db: Db): Promise<boolean> {
  const types = await db.blockType.count({ where: { slug: { in: BUILTIN_BLOCK_TYPES.map((t) => t.slug) } } });
  if (types < BUILTIN_BLOCK_TYPES.length) return false;
  const schemas = await db.blockSchema.count({
    where: { OR: BUILTIN_BLOCK_TYPES.map((t) => ({ checksum: t.block_schema.checksum, version: t.block_schema.version })) },
  });
  return schemas >= BUILTIN_BLOCK_TYPES.length;
}

/** All of §6.2 in one transaction: protected types, core types with their schemas, then collection types and their schemas. */
async function registerAll(tx: BlockClient) {
  const now = new Date();
  const ids = new Map<string, string>();
  for (const type of BUILTIN_BLOCK_TYPES.filter((t) => t.is_protected)) ids.set(type.slug, await upsertType(tx, type, 'protected', now));
  // Collection schemas nest types of other collections: every type first.
  for (const type of BUILTIN_BLOCK_TYPES.filter((t) => !t.is_protected)) ids.set(type.slug, await upsertType(tx, type, 'register', now));
  for (const type of BUILTIN_BLOCK_TYPES) await registerSchema(tx, ids.get(type.slug)!, type);
}

/**
 * Every built-in type (§6.2). Usually one transaction; should it fail, Prefect's
 * own steps run instead: the protected types, each core type with its schema in
 * its own transaction, then all collection types in one and their schemas one
 * by one, a failure logged and skipped.
 */
export async function registerBuiltinBlockTypes(db: Db, log: (line: string) => void = (line) => console.warn(line)): Promise<void> {
  if (await allRegistered(db)) return;
  try {
    await db.$transaction(registerAll, { timeout: 120_000, maxWait: 60_000 });
    return;
  } catch (error) {
    log(`block registration: one transaction failed (${(error as Error).message}); registering type by type`);
  }
  await installSystemBlockTypes(db);
  const skipped = (type: BuiltinBlockType, error: unknown) => log(`block registration: ${type.slug} skipped: ${(error as Error).message}`);
  for (const type of BUILTIN_BLOCK_TYPES.filter((t) => !t.is_protected && t.collection === null)) {
    await registerOne(db, type, 'register').catch((error: unknown) => skipped(type, error));
  }
  const collection = BUILTIN_BLOCK_TYPES.filter((t) => t.collection !== null);
  const ids = await db.$transaction(async (tx) => {
    const now = new Date();
    const out: string[] = [];
    for (const type of collection) out.push(await upsertType(tx, type, 'register', now));
    return out;
  });
  for (const [i, type] of collection.entries()) {
    await db.$transaction((tx) => registerSchema(tx, ids[i], type)).catch((error: unknown) => skipped(type, error));
  }
}

const registered = new WeakMap<Db, Promise<void>>();

/** Registers the built-in types once per client; later calls wait for that one run. */
export function ensureBuiltinBlockTypes(db: Db): Promise<void> {
  let done = registered.get(db);
  if (!done) {
    done = registerBuiltinBlockTypes(db).catch((error: unknown) => {
      // Let the next request try again.
      registered.delete(db);
      throw error;
    });
    registered.set(db, done);
  }
  return done;
}
