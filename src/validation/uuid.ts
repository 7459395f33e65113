import { InvalidInput } from './invalid-input.ts';

// Prefect accepts hyphenated, 32-hex "simple", upper case, `urn:uuid:` and
// `{...}` spellings and always answers lower-case hyphenated.
const HEX = /^[0-9a-fA-F]$/;

function fail(error: string): never {
  throw new InvalidInput('uuid_parsing', `Input should be a valid UUID, ${error}`, { error });
}

export function parseUuid(value: unknown): string {
  if (typeof value !== 'string') {
    throw new InvalidInput('uuid_type', 'UUID input should be a string, bytes or UUID object');
  }
  let text = value;
  if (text.toLowerCase().startsWith('urn:uuid:')) text = text.slice(9);
  else if (text.startsWith('{') && text.endsWith('}')) text = text.slice(1, -1);
  const hyphenated = text.length === 36;
  if (!hyphenated && text.length !== 32) {
    fail(`invalid length: expected length 32 for simple format, found ${text.length}`);
  }
  let hex = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (hyphenated && (i === 8 || i === 13 || i === 18 || i === 23)) {
      if (c !== '-') fail(`invalid group count: expected 5, found 1`);
      continue;
    }
    if (!HEX.test(c)) {
      fail(`invalid character: expected an optional prefix of \`urn:uuid:\` followed by [0-9a-fA-F-], found \`${c}\` at ${i + 1}`);
    }
    hex += c;
  }
  hex = hex.toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Path segments: the route matches only UUID-shaped text (else 404, not 422). */
export const UUID_SEGMENT = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;
