// JSON as the UTF-8 bytes a response sends, without one large string: a
// 200-run page printed by one JSON.stringify made a 360 kB string that V8
// flattened (fresh large-object memory) before it was encoded.

const encoder = new TextEncoder();

/**
 * A string's UTF-8 bytes (lone surrogates become U+FFFD). Encoding a fresh
 * 360 kB JSON.stringify result costs ~1.5 ms with TextEncoder or Buffer.from
 * alike: most of it is V8 flattening a string it built in parts (the same
 * string again: 0.1-0.3 ms). Hence the lists item by item below.
 */
export function utf8(text: string): Buffer {
  const bytes = encoder.encode(text);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const COMMA = 0x2c;

/** `[item,item,...]` as JSON.stringify prints an array, written item by item. */
export function listBytes(items: readonly unknown[]): Buffer {
  const texts: string[] = new Array(items.length);
  let size = 2 + Math.max(0, items.length - 1);
  for (let i = 0; i < items.length; i++) {
    // As JSON.stringify prints an array's undefined (and function) items.
    const text = JSON.stringify(items[i]) ?? 'null';
    texts[i] = text;
    size += Buffer.byteLength(text);
  }
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  out[at++] = 0x5b;
  for (let i = 0; i < texts.length; i++) {
    if (i > 0) out[at++] = COMMA;
    at += out.write(texts[i], at);
  }
  out[at] = 0x5d;
  return out;
}

/**
 * A value that is already JSON text (built by the database: graphql/sql-reads),
 * sent as it is instead of parsed and printed again (for the nested UI query,
 * 48 kB, that was a third of the server's work per request). PostgreSQL prints
 * `{"a" : 1, "b" : 2}`: with `spaced`, the bytes lose the whitespace between
 * tokens, so the body reads as JSON.stringify prints it. Anything else that
 * prints a result (JSON.stringify) gets the parsed value through toJSON.
 */
export class JsonText {
  constructor(
    readonly text: string,
    readonly spaced: boolean,
  ) {}

  bytes(): Buffer {
    const bytes = utf8(this.text);
    return this.spaced ? withoutWhitespace(bytes) : bytes;
  }

  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Valid JSON's bytes without the whitespace between its tokens, in place. A
 * UTF-8 continuation byte is never an ASCII quote, backslash or space, so the
 * scan may go byte by byte.
 */
export function withoutWhitespace(bytes: Buffer): Buffer {
  let out = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) {
        bytes[out++] = byte;
        bytes[out++] = bytes[++i];
        continue;
      }
      if (byte === QUOTE) inString = false;
    } else if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09) continue;
    else if (byte === QUOTE) inString = true;
    bytes[out++] = byte;
  }
  return bytes.subarray(0, out);
}

/**
 * JSON.stringify(value) as bytes, with the lists found down the objects'
 * fields (a GraphQL result's `data` and its root fields) printed item by item.
 */
export function jsonBytes(value: unknown): Buffer {
  if (value instanceof JsonText) return value.bytes();
  if (Array.isArray(value)) return listBytes(value);
  if (value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') return utf8(JSON.stringify(value) ?? 'null');
  const parts: Buffer[] = [];
  let first = true;
  for (const [key, item] of Object.entries(value)) {
    // As JSON.stringify leaves out an object's undefined (and function) members.
    if (item === undefined || typeof item === 'function') continue;
    parts.push(utf8(`${first ? '{' : ','}${JSON.stringify(key)}:`), jsonBytes(item));
    first = false;
  }
  parts.push(utf8(first ? '{}' : '}'));
  return Buffer.concat(parts);
}
