// Raw reads straight through the driver adapter, for the lean read path's
// hot statements: Prisma's $queryRawUnsafe serializes the parameters to JSON
// and back, builds an object per row and converts every value twice (to its
// wire form, then back to JS). Here each adapter row becomes one object and
// only the columns whose type needs it are converted, with Prisma's own rules
// (client-engine-runtime serializeRawValue + client deserializeRawResult), so
// a value reads the same on either path. The statement passes the same hooks
// (statement guard, row counts) and is reported as Prisma reports its own.
import { ColumnTypeEnum, isDriverAdapterError, type ArgType, type ColumnType } from '@prisma/driver-adapter-utils';
import { directAdapter, type Db } from './client.ts';

type Row = Record<string, unknown>;

/**
 * What `db.$queryRawUnsafe(sql, ...values)` returns, without its detours; a
 * transaction client or one not connected yet goes through Prisma.
 */
export async function queryRows<T extends Row = Row>(db: Db, sql: string, values: readonly unknown[]): Promise<T[]> {
  const direct = directAdapter(db);
  if (!direct) return db.$queryRawUnsafe<T[]>(sql, ...values);
  const result = await adapterQuery(direct, sql, values);
  decodeInPlace(result);
  const names = result.columnNames;
  // Rows cloned from one template share its shape (Prisma does the same: node-postgres#3042).
  const template: Row = {};
  for (const name of names) template[name] = null;
  const out: Row[] = new Array(result.rows.length);
  for (let r = 0; r < result.rows.length; r++) {
    const values = result.rows[r] as unknown[];
    const row: Row = { ...template };
    for (let c = 0; c < names.length; c++) row[names[c]] = values[c];
    out[r] = row;
  }
  return out as T[];
}

/**
 * queryRows with each row as its values in the statement's column order (no
 * object per row: the caller builds the one it needs, filters/sql/rows.ts
 * decodeValues). The statement's column names must be distinct.
 */
export async function queryValues(db: Db, sql: string, values: readonly unknown[]): Promise<unknown[][]> {
  const direct = directAdapter(db);
  if (!direct) return (await db.$queryRawUnsafe<Row[]>(sql, ...values)).map((row) => Object.values(row));
  const result = await adapterQuery(direct, sql, values);
  decodeInPlace(result);
  return result.rows as unknown[][];
}

async function adapterQuery(direct: NonNullable<ReturnType<typeof directAdapter>>, sql: string, values: readonly unknown[]) {
  const args: unknown[] = [];
  const argTypes: ArgType[] = [];
  for (const value of values) {
    const [arg, type] = toArg(value);
    args.push(arg);
    argTypes.push(type);
  }
  const started = direct.report ? performance.now() : 0;
  try {
    return await direct.adapter.queryRaw({ sql, args, argTypes });
  } catch (error) {
    // As Prisma raises it (P2010 with the adapter's error), so errors.ts maps it alike.
    if (isDriverAdapterError(error)) throw Object.assign(new Error(`Raw query failed: ${error.message}`, { cause: error }), { code: 'P2010', meta: { driverAdapterError: error } });
    throw error;
  } finally {
    direct.report?.(sql, Math.round(performance.now() - started));
  }
}

/** Converts the adapter's values (fresh arrays per query) to Prisma's, column by column. */
function decodeInPlace(result: { columnTypes: ColumnType[]; rows: unknown[][] }): void {
  const { rows } = result;
  result.columnTypes.forEach((type, c) => {
    const decode = decoderOf(type);
    for (let r = 0; r < rows.length; r++) {
      const value = rows[r][c];
      if (value === undefined) rows[r][c] = null;
      else if (decode && value !== null) rows[r][c] = decode(value);
    }
  });
}

/** A parameter as Prisma's raw path hands it to the adapter (serializeRawParameters + deserializeRawParameters). */
function toArg(value: unknown): [unknown, ArgType] {
  if (Array.isArray(value)) {
    const items = value.map((v) => toArg(v)[0]);
    return [items, { scalarType: value.length > 0 ? toArg(value[0])[1].scalarType : 'unknown', arity: 'list' }];
  }
  if (value instanceof Date) return [value.toISOString(), { scalarType: 'datetime', arity: 'scalar' }];
  if (typeof value === 'bigint') return [value.toString(), { scalarType: 'bigint', arity: 'scalar' }];
  if (typeof value === 'number') return [value, { scalarType: 'decimal', arity: 'scalar' }];
  if (typeof value === 'string') return [value, { scalarType: 'string', arity: 'scalar' }];
  if (value !== null && typeof value === 'object') {
    if (value instanceof Uint8Array) throw new Error('queryRows: bytes parameters are not supported');
    return [JSON.stringify(value), { scalarType: 'unknown', arity: 'scalar' }];
  }
  return [value ?? null, { scalarType: 'unknown', arity: 'scalar' }];
}

type Decode = (value: unknown) => unknown;

const int32: Decode = (v) => Math.trunc(Number(v));
const int64: Decode = (v) => BigInt(typeof v === 'number' ? Math.trunc(v) : (v as string));
const json: Decode = (v) => JSON.parse(v as string);
const bool: Decode = (v) => (typeof v === 'boolean' ? v : typeof v === 'string' ? v === 'true' || v === '1' : v === 1);
const date: Decode = (v) => (typeof v === 'string' && parseUtc(v)) || new Date(v as string);

/** The number of two digits at `i`, or NaN. */
const digits2 = (s: string, i: number) => {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : Number.NaN;
};

// Character codes of + 0 : Z - T .
const PLUS = 43;
const ZERO = 48;
const COLON = 58;
const Z = 90;
const DASH = 45;
const T = 84;
const DOT = 46;

/**
 * `2024-01-02T03:04:05.123456+00:00` (adapter-pg's timestamptz) or with `Z`,
 * years 1000-9999, read by position: about half the time of Date's own parser.
 * Anything else (or a part out of range, e.g. hour 24, whose handling is
 * Date's) is null, and `new Date` reads it. Like Date, a fraction is cut to
 * milliseconds.
 */
function parseUtc(s: string): Date | null {
  const n = s.length;
  // +00:00 or Z at the end: where the fraction (if any) stops.
  const end =
    n >= 25 &&
    s.charCodeAt(n - 6) === PLUS &&
    s.charCodeAt(n - 5) === ZERO &&
    s.charCodeAt(n - 4) === ZERO &&
    s.charCodeAt(n - 3) === COLON &&
    s.charCodeAt(n - 2) === ZERO &&
    s.charCodeAt(n - 1) === ZERO
      ? n - 6
      : s.charCodeAt(n - 1) === Z
        ? n - 1
        : -1;
  if (end < 19 || s.charCodeAt(4) !== DASH || s.charCodeAt(7) !== DASH || s.charCodeAt(10) !== T || s.charCodeAt(13) !== COLON || s.charCodeAt(16) !== COLON) return null;
  let ms = 0;
  if (end > 19) {
    if (s.charCodeAt(19) !== DOT || end === 20) return null;
    for (let i = 20, scale = 100; i < end; i++, scale /= 10) {
      const d = s.charCodeAt(i) - ZERO;
      if (!(d >= 0 && d <= 9)) return null;
      if (scale >= 1) ms += d * scale;
    }
  }
  const century = digits2(s, 0);
  const month = digits2(s, 5);
  const day = digits2(s, 8);
  const hour = digits2(s, 11);
  const minute = digits2(s, 14);
  const second = digits2(s, 17);
  // NaN (not digits) fails each test too.
  if (!(century >= 10 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 59)) return null;
  const time = Date.UTC(century * 100 + digits2(s, 2), month - 1, day, hour, minute, second, ms);
  return Number.isNaN(time) ? null : new Date(time);
}
const time: Decode = (v) => new Date(`1970-01-01T${v as string}Z`);
const unsupported =
  (type: ColumnType): Decode =>
  () => {
    throw new Error(`queryRows: column type ${type} is not supported (use $queryRawUnsafe)`);
  };
const each =
  (decode: Decode): Decode =>
  (v) =>
    (v as unknown[]).map((x) => (x === null ? null : decode(x)));

/** Prisma's conversion for a column type; null: the value is returned as is. */
function decoderOf(type: ColumnType): Decode | null {
  switch (type) {
    case ColumnTypeEnum.Int32:
      return int32;
    case ColumnTypeEnum.Int64:
      return int64;
    case ColumnTypeEnum.Json:
      return json;
    case ColumnTypeEnum.Boolean:
      return bool;
    case ColumnTypeEnum.DateTime:
    case ColumnTypeEnum.Date:
      return date;
    case ColumnTypeEnum.Time:
      return time;
    case ColumnTypeEnum.Int32Array:
      return each(int32);
    case ColumnTypeEnum.Int64Array:
      return each(int64);
    case ColumnTypeEnum.JsonArray:
      return each(json);
    case ColumnTypeEnum.BooleanArray:
      return each(bool);
    case ColumnTypeEnum.DateTimeArray:
    case ColumnTypeEnum.DateArray:
      return each(date);
    case ColumnTypeEnum.TimeArray:
      return each(time);
    case ColumnTypeEnum.Numeric:
    case ColumnTypeEnum.NumericArray:
    case ColumnTypeEnum.Bytes:
    case ColumnTypeEnum.BytesArray:
      return unsupported(type);
    default:
      return null;
  }
}
