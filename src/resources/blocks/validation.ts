// Body rules of the block models that a GraphQL input type cannot state
// (Prefect's validators), raised as Prefect's 422 items.
import { ValidationError, type ValidationItem } from '../../errors.ts';

// Python's re.match with `$`: a single trailing newline also passes.
const LOWER_DASHES = /^[a-z0-9-]*\n?$/;

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function checkSlug(slug: string, items: ValidationItem[]) {
  if (!LOWER_DASHES.test(slug)) {
    items.push({
      type: 'value_error',
      loc: ['body', 'slug'],
      msg: 'Value error, Block type slug must only contain lowercase letters, numbers, and dashes.',
      input: slug,
      ctx: { error: {} },
    });
  }
}

const NAME_PATTERN = '^[^/%&><]+$';

export function checkDocumentName(name: string | null | undefined, items: ValidationItem[]) {
  if (name != null && !new RegExp(NAME_PATTERN, 'u').test(name)) {
    items.push({ type: 'string_pattern_mismatch', loc: ['body', 'name'], msg: `String should match pattern '${NAME_PATTERN}'`, input: name, ctx: { pattern: NAME_PATTERN } });
  } else if (name != null && !LOWER_DASHES.test(name)) {
    items.push({
      type: 'value_error',
      loc: ['body', 'name'],
      msg: 'Value error, Block document name must only contain lowercase letters, numbers, and dashes.',
      input: name,
      ctx: { error: {} },
    });
  }
}

/** A dict-typed field (fields, data): objects only. */
export function checkObject(value: unknown, loc: (string | number)[], items: ValidationItem[]) {
  if (value !== undefined && !isObject(value)) items.push({ type: 'dict_type', loc, msg: 'Input should be a valid dictionary', input: value });
}

export function throwItems(items: ValidationItem[]) {
  if (items.length > 0) throw new ValidationError(items);
}

/** Python's html.escape(text, quote=False). */
export const htmlEscape = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** Python's html.unescape for the entities escape writes (and the common numeric ones). */
export const htmlUnescape = (text: string) =>
  text
    .replace(/&#x([0-9a-fA-F]+);/g, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#x27;', "'")
    .replaceAll('&amp;', '&');
