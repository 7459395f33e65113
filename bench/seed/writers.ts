// Bulk writers for the seeder, one per database. Both load with foreign-key
// checks off and the secondary indexes dropped, then recreate those indexes
// from their own definitions (so the schema ends exactly as the migrations
// made it) and ANALYZE, which is several times faster than indexing row by row.
import Database from 'better-sqlite3';
import pg from 'pg';
import { COLUMNS, TABLES, type Batch, type Row, type Value } from './data.ts';

export interface Writer {
  begin(): Promise<void>;
  write(batch: Batch): Promise<void>;
  /** Recreates indexes, analyzes, and records the marker. */
  finish(marker: string): Promise<void>;
  close(): Promise<void>;
}

/** SQLite keeps dates as Prisma writes them: ISO text with "+00:00". */
const sqliteValue = (v: Value) => (v instanceof Date ? v.toISOString().replace('Z', '+00:00') : typeof v === 'boolean' ? (v ? 1 : 0) : v);

/** SQLite's user_version is a 32-bit integer: the marker is stored as its hash. */
export function markerHash(marker: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < marker.length; i++) h = Math.imul(h ^ marker.charCodeAt(i), 0x01000193);
  return h >>> 1 || 1;
}

export function sqliteWriter(file: string): Writer {
  const db = new Database(file);
  let indexes: { name: string; sql: string }[] = [];
  const inserts = new Map(
    TABLES.map((t) => [t, db.prepare(`INSERT INTO "${t}" (${COLUMNS[t].map((c) => `"${c}"`).join(', ')}) VALUES (${COLUMNS[t].map(() => '?').join(', ')})`)]),
  );
  const insertBatch = db.transaction((batch: Batch) => {
    for (const t of TABLES) {
      const statement = inserts.get(t)!;
      for (const row of batch[t]) statement.run(row.map(sqliteValue));
    }
  });
  return {
    async begin() {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = OFF');
      db.pragma('foreign_keys = OFF');
      indexes = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${TABLES.map(() => '?').join(', ')})`).all(...TABLES) as {
        name: string;
        sql: string;
      }[];
      for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`);
    },
    async write(batch) {
      insertBatch(batch);
    },
    async finish(marker) {
      for (const index of indexes) db.exec(index.sql);
      db.exec('ANALYZE');
      db.pragma(`user_version = ${markerHash(marker)}`);
      db.pragma('synchronous = NORMAL');
      db.pragma('wal_checkpoint(TRUNCATE)');
    },
    async close() {
      db.close();
    },
  };
}

export function postgresWriter(url: string, database: string): Writer {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  const connected = client.connect();
  const types = new Map<string, string>();
  let indexes: { indexname: string; indexdef: string }[] = [];

  /** One statement per table and batch: parallel arrays, unnested (no bind-variable limit). */
  async function insert(table: string, columns: readonly string[], rows: Row[]) {
    if (rows.length === 0) return;
    const arrays = columns.map((_, i) => rows.map((row) => row[i]));
    const casts = columns.map((c, i) => `$${i + 1}::${types.get(`${table}.${c}`)}[]`);
    await client.query(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) SELECT * FROM unnest(${casts.join(', ')})`, arrays);
  }

  return {
    async begin() {
      await connected;
      const columns = await client.query(`SELECT table_name, column_name, udt_name FROM information_schema.columns WHERE table_schema = 'public'`);
      for (const c of columns.rows) types.set(`${c.table_name}.${c.column_name}`, c.udt_name);
      // Superuser (trust auth): skips the foreign-key triggers while loading.
      await client.query('SET session_replication_role = replica');
      await client.query('SET synchronous_commit = off');
      const found = await client.query(
        `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY($1)
           AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype = 'p')`,
        [TABLES],
      );
      indexes = found.rows;
      for (const index of indexes) await client.query(`DROP INDEX "${index.indexname}"`);
    },
    async write(batch) {
      await client.query('BEGIN');
      for (const t of TABLES) await insert(t, COLUMNS[t], batch[t]);
      await client.query('COMMIT');
    },
    async finish(marker) {
      await client.query("SET maintenance_work_mem = '512MB'");
      for (const index of indexes) await client.query(index.indexdef);
      await client.query('SET session_replication_role = DEFAULT');
      await client.query('VACUUM ANALYZE');
      await client.query(`COMMENT ON DATABASE "${database}" IS ${client.escapeLiteral(marker)}`);
    },
    async close() {
      await client.end().catch(() => {});
    },
  };
}
