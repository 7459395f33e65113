// Secret fields (blocks §5.4, §5.6 step 1): `secret_fields` of a schema are
// dotted paths into the data, `*` meaning "everything below". Reads replace
// them with eight asterisks; writes that send those asterisks back keep the
// stored value.
export const OBFUSCATED = '********';

type Path = string[];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Prefect's dict_to_flatdict: non-empty objects are descended, everything else is a leaf. */
function flatten(data: Record<string, unknown>, parent: Path = [], out: [Path, unknown][] = []): [Path, unknown][] {
  for (const [key, value] of Object.entries(data)) {
    const path = [...parent, key];
    if (isObject(value) && Object.keys(value).length > 0) flatten(value, path, out);
    else out.push([path, value]);
  }
  return out;
}

/** Prefect's flatdict_to_dict. */
function unflatten(entries: [Path, unknown][]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [path, value] of entries) {
    let node = root;
    for (const key of path.slice(0, -1)) {
      if (!isObject(node[key])) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[path[path.length - 1]] = value;
  }
  return root;
}

const key = (path: Path) => JSON.stringify(path);
const samePrefix = (a: Path, b: Path, n: number) => b.length >= n && a.slice(0, n).every((part, i) => part === b[i]);

export function secretFieldsOf(fields: unknown): string[] {
  const list = isObject(fields) ? fields.secret_fields : undefined;
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
}

/** The data as reads show it without include_secrets. */
export function obfuscateSecrets(data: Record<string, unknown>, secretFields: string[]): Record<string, unknown> {
  if (secretFields.length === 0) return data;
  const entries = flatten(data);
  const index = new Map(entries.map((entry, i) => [key(entry[0]), i]));
  for (const field of secretFields) {
    const secret = field.split('.');
    const exact = index.get(key(secret));
    if (exact !== undefined && entries[exact][1] !== null && entries[exact][1] !== undefined) {
      entries[exact][1] = OBFUSCATED;
    } else if (secret.includes('*')) {
      const n = secret.indexOf('*');
      for (const entry of entries) if (samePrefix(secret, entry[0], n)) entry[1] = OBFUSCATED;
    }
  }
  return unflatten(entries);
}

/** Incoming data with obfuscated values that stand for stored secrets replaced by those secrets. */
export function keepObfuscatedSecrets(incoming: Record<string, unknown>, stored: Record<string, unknown>, secretFields: string[]): Record<string, unknown> {
  if (secretFields.length === 0) return incoming;
  const entries = flatten(incoming);
  const index = new Map(entries.map((entry, i) => [key(entry[0]), i]));
  const current = new Map(flatten(stored).map(([path, value]) => [key(path), value]));
  for (const field of secretFields) {
    const secret = field.split('.');
    const currentSecret = current.get(key(secret));
    if (currentSecret !== null && currentSecret !== undefined) {
      const at = index.get(key(secret));
      if (at !== undefined && entries[at][1] === OBFUSCATED) entries[at][1] = currentSecret;
    } else if (secret.includes('*')) {
      const n = secret.indexOf('*');
      for (const entry of entries) {
        // Prefect reads the stored value of the same path (a KeyError, its 500, when there is none: keep what was sent).
        if (samePrefix(secret, entry[0], n) && entry[1] === OBFUSCATED && current.has(key(entry[0]))) entry[1] = current.get(key(entry[0]));
      }
    }
  }
  return unflatten(entries);
}
