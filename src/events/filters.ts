// EventFilter (events §1.3, §3.1): one parsed shape for the three places a
// filter arrives (POST /events/filter and count-by, a page token, the
// /events/out filter message), validated with Pydantic's items, and two ways
// to apply it: SQL over `events` + `event_resources` (both databases, see
// compileEventWhere) and in memory for live events (matchesLive).
import { ValidationError, type ValidationItem } from '../errors.ts';
import { fnmatchRegExp } from './glob.ts';
import { formatDateTime, parseDateTime } from '../validation/datetime.ts';
import { InvalidInput } from '../validation/invalid-input.ts';
import { parseUuid } from '../validation/uuid.ts';
import { parseTextSearchQuery } from '../resources/logs/text-search.ts';
import type { ReceivedEvent, Resource } from './types.ts';

type Loc = (string | number)[];

/** A resource specification (§1.3): label → globs (a single string becomes a list of one). */
export type LabelSpec = Record<string, string[]>;

export interface NameFilter {
  prefix: string[] | null;
  exclude_prefix: string[] | null;
  name: string[] | null;
  exclude_name: string[] | null;
}
export interface ResourceFilter {
  id: string[] | null;
  id_prefix: string[] | null;
  labels: LabelSpec | null;
  /** The labels as sent (a string stays a string), for the page token. */
  labelsJson: Record<string, string | string[]> | null;
  distinct: boolean;
}
export interface RelatedFilter {
  id: string[] | null;
  role: string[] | null;
  resources_in_roles: [string, string][] | null;
  labels: LabelSpec | null;
  labelsJson: Record<string, string | string[]> | null;
}
export interface AnyResourceFilter {
  id: string[] | null;
  id_prefix: string[] | null;
  labels: LabelSpec | null;
  labelsJson: Record<string, string | string[]> | null;
}

export interface EventFilter {
  occurred: { since: Date; until: Date };
  event: NameFilter | null;
  resource: ResourceFilter | null;
  /** One object or a list, as sent (the JSON keeps the form); both are ANDed lists here. */
  related: RelatedFilter[] | null;
  relatedIsList: boolean;
  any_resource: AnyResourceFilter[] | null;
  anyResourceIsList: boolean;
  id: { id: string[] | null };
  text: { query: string } | null;
  order: 'ASC' | 'DESC';
}

export const TEXT_QUERY_MAX = 200;
const DAY_MS = 86_400_000;

/** Prefect's default window: start of today (UTC) − 180 days … now, computed when the filter is parsed. */
export function defaultSince(now = new Date()): Date {
  return new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - 180 * DAY_MS);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
const present = (v: unknown) => v !== undefined && v !== null;

class Checker {
  readonly items: ValidationItem[] = [];

  object(value: unknown, loc: Loc, model: string, keys: readonly string[]): Record<string, unknown> | undefined {
    if (!isObject(value)) {
      this.items.push({ type: 'model_type', loc, msg: `Input should be a valid dictionary or instance of ${model}`, input: value, ctx: { class_name: model } });
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (!keys.includes(key)) this.items.push({ type: 'extra_forbidden', loc: [...loc, key], msg: 'Extra inputs are not permitted', input: value[key] });
    }
    return value;
  }

  string(value: unknown, loc: Loc): string | undefined {
    if (typeof value === 'string') return value;
    this.items.push({ type: 'string_type', loc, msg: 'Input should be a valid string', input: value });
    return undefined;
  }

  strings(value: unknown, loc: Loc): string[] | null {
    if (!present(value)) return null;
    if (!Array.isArray(value)) {
      this.items.push({ type: 'list_type', loc, msg: 'Input should be a valid list', input: value });
      return null;
    }
    return value.map((item, i) => this.string(item, [...loc, i]) ?? '');
  }

  datetime(value: unknown, loc: Loc, fallback: Date): Date {
    if (!present(value)) {
      if (value === null) this.items.push({ type: 'datetime_type', loc, msg: 'Input should be a valid datetime', input: null });
      return fallback;
    }
    try {
      return parseDateTime(value);
    } catch (error) {
      if (!(error instanceof InvalidInput)) throw error;
      this.items.push({ type: error.type, loc, msg: error.msg, input: value, ...(error.ctx ? { ctx: error.ctx } : {}) });
      return fallback;
    }
  }

  labels(value: unknown, loc: Loc): { spec: LabelSpec; json: Record<string, string | string[]> } | null {
    if (!present(value)) return null;
    if (!isObject(value)) {
      this.items.push({ type: 'dict_type', loc, msg: 'Input should be a valid dictionary', input: value });
      return null;
    }
    const spec: LabelSpec = {};
    const json: Record<string, string | string[]> = {};
    for (const [label, globs] of Object.entries(value)) {
      if (typeof globs === 'string') {
        spec[label] = [globs];
        json[label] = globs;
      } else if (Array.isArray(globs) && globs.every((g) => typeof g === 'string')) {
        spec[label] = globs as string[];
        json[label] = globs as string[];
      } else {
        this.items.push({ type: 'string_type', loc: [...loc, label, 'str'], msg: 'Input should be a valid string', input: globs });
      }
    }
    return { spec, json };
  }

  /** One object or a list of them (Union[X, list[X]]). */
  oneOrMany<T>(value: unknown, loc: Loc, parse: (v: unknown, loc: Loc) => T | undefined): { list: T[] | null; isList: boolean } {
    if (!present(value)) return { list: null, isList: false };
    if (Array.isArray(value)) {
      const list = value.map((item, i) => parse(item, [...loc, i]));
      return { list: list.filter((x): x is T => x !== undefined), isList: true };
    }
    const one = parse(value, loc);
    return { list: one === undefined ? null : [one], isList: false };
  }
}

function parseRelated(c: Checker, value: unknown, loc: Loc): RelatedFilter | undefined {
  const v = c.object(value, loc, 'EventRelatedFilter', ['id', 'role', 'resources_in_roles', 'labels']);
  if (!v) return undefined;
  let pairs: [string, string][] | null = null;
  if (present(v.resources_in_roles)) {
    const l = [...loc, 'resources_in_roles'];
    if (!Array.isArray(v.resources_in_roles)) c.items.push({ type: 'list_type', loc: l, msg: 'Input should be a valid list', input: v.resources_in_roles });
    else {
      pairs = v.resources_in_roles.map((pair, i) => {
        if (!Array.isArray(pair) || pair.length !== 2) {
          c.items.push({ type: 'tuple_type', loc: [...l, i], msg: 'Input should be a valid tuple', input: pair });
          return ['', ''] as [string, string];
        }
        return [c.string(pair[0], [...l, i, 0]) ?? '', c.string(pair[1], [...l, i, 1]) ?? ''] as [string, string];
      });
    }
  }
  const labels = c.labels(v.labels, [...loc, 'labels']);
  return {
    id: c.strings(v.id, [...loc, 'id']),
    role: c.strings(v.role, [...loc, 'role']),
    resources_in_roles: pairs,
    labels: labels?.spec ?? null,
    labelsJson: labels?.json ?? null,
  };
}

function parseAnyResource(c: Checker, value: unknown, loc: Loc): AnyResourceFilter | undefined {
  const v = c.object(value, loc, 'EventAnyResourceFilter', ['id', 'id_prefix', 'labels']);
  if (!v) return undefined;
  const labels = c.labels(v.labels, [...loc, 'labels']);
  return { id: c.strings(v.id, [...loc, 'id']), id_prefix: c.strings(v.id_prefix, [...loc, 'id_prefix']), labels: labels?.spec ?? null, labelsJson: labels?.json ?? null };
}

/**
 * An EventFilter from its JSON (or from GraphQL's coerced input: datetimes may
 * already be Dates). null/undefined is `EventFilter()`. Problems are
 * Pydantic's items under `loc`; the first call with any throws ValidationError.
 */
export function parseEventFilter(value: unknown, loc: Loc = [], now = new Date()): EventFilter {
  const c = new Checker();
  const filter = readFilter(c, value ?? {}, loc, now);
  if (c.items.length > 0 || !filter) throw new ValidationError(c.items);
  return filter;
}

function readFilter(c: Checker, value: unknown, loc: Loc, now: Date): EventFilter | undefined {
  const v = c.object(value, loc, 'EventFilter', ['occurred', 'event', 'resource', 'related', 'any_resource', 'id', 'text', 'order']);
  if (!v) return undefined;
  let since = defaultSince(now);
  let until = now;
  if (present(v.occurred)) {
    const o = c.object(v.occurred, [...loc, 'occurred'], 'EventOccurredFilter', ['since', 'until']);
    if (o) {
      if ('since' in o) since = c.datetime(o.since, [...loc, 'occurred', 'since'], since);
      if ('until' in o) until = c.datetime(o.until, [...loc, 'occurred', 'until'], until);
    }
  }
  let event: NameFilter | null = null;
  if (present(v.event)) {
    const l = [...loc, 'event'];
    const e = c.object(v.event, l, 'EventNameFilter', ['prefix', 'exclude_prefix', 'name', 'exclude_name']);
    if (e) {
      event = {
        prefix: c.strings(e.prefix, [...l, 'prefix']),
        exclude_prefix: c.strings(e.exclude_prefix, [...l, 'exclude_prefix']),
        name: c.strings(e.name, [...l, 'name']),
        exclude_name: c.strings(e.exclude_name, [...l, 'exclude_name']),
      };
    }
  }
  let resource: ResourceFilter | null = null;
  if (present(v.resource)) {
    const l = [...loc, 'resource'];
    const r = c.object(v.resource, l, 'EventResourceFilter', ['id', 'id_prefix', 'labels', 'distinct']);
    if (r) {
      const labels = c.labels(r.labels, [...l, 'labels']);
      let distinct = false;
      if (present(r.distinct)) {
        if (typeof r.distinct === 'boolean') distinct = r.distinct;
        else c.items.push({ type: 'bool_type', loc: [...l, 'distinct'], msg: 'Input should be a valid boolean', input: r.distinct });
      }
      resource = {
        id: c.strings(r.id, [...l, 'id']),
        id_prefix: c.strings(r.id_prefix, [...l, 'id_prefix']),
        labels: labels?.spec ?? null,
        labelsJson: labels?.json ?? null,
        distinct,
      };
    }
  }
  const related = c.oneOrMany(v.related, [...loc, 'related'], (x, l) => parseRelated(c, x, l));
  const anyResource = c.oneOrMany(v.any_resource, [...loc, 'any_resource'], (x, l) => parseAnyResource(c, x, l));
  let ids: string[] | null = null;
  if (present(v.id)) {
    const i = c.object(v.id, [...loc, 'id'], 'EventIDFilter', ['id']);
    if (i && present(i.id)) {
      if (!Array.isArray(i.id)) c.items.push({ type: 'list_type', loc: [...loc, 'id', 'id'], msg: 'Input should be a valid list', input: i.id });
      else {
        ids = i.id.map((item, n) => {
          try {
            return parseUuid(item);
          } catch (error) {
            if (!(error instanceof InvalidInput)) throw error;
            c.items.push({ type: error.type, loc: [...loc, 'id', 'id', n], msg: error.msg, input: item, ...(error.ctx ? { ctx: error.ctx } : {}) });
            return '';
          }
        });
      }
    }
  }
  let text: { query: string } | null = null;
  if (present(v.text)) {
    const l = [...loc, 'text'];
    const t = c.object(v.text, l, 'EventTextFilter', ['query']);
    if (t) {
      if (!present(t.query)) c.items.push({ type: 'missing', loc: [...l, 'query'], msg: 'Field required', input: t });
      else {
        const query = c.string(t.query, [...l, 'query']);
        if (query !== undefined && [...query].length > TEXT_QUERY_MAX) {
          c.items.push({
            type: 'string_too_long',
            loc: [...l, 'query'],
            msg: `String should have at most ${TEXT_QUERY_MAX} characters`,
            input: query,
            ctx: { max_length: TEXT_QUERY_MAX },
          });
        } else if (query !== undefined) text = { query };
      }
    }
  }
  let order: 'ASC' | 'DESC' = 'DESC';
  if (present(v.order)) {
    if (v.order === 'ASC' || v.order === 'DESC') order = v.order;
    else c.items.push({ type: 'enum', loc: [...loc, 'order'], msg: "Input should be 'ASC' or 'DESC'", input: v.order, ctx: { expected: "'ASC' or 'DESC'" } });
  }
  return {
    occurred: { since, until },
    event,
    resource,
    related: related.list,
    relatedIsList: related.isList,
    any_resource: anyResource.list,
    anyResourceIsList: anyResource.isList,
    id: { id: ids },
    text,
    order,
  };
}

/** The filter as Prefect dumps it (model_dump(mode="json")), for page tokens. */
export function eventFilterJson(f: EventFilter): Record<string, unknown> {
  const related = f.related?.map((r) => ({ id: r.id, role: r.role, resources_in_roles: r.resources_in_roles, labels: r.labelsJson }));
  const any = f.any_resource?.map((r) => ({ id: r.id, id_prefix: r.id_prefix, labels: r.labelsJson }));
  return {
    occurred: { since: formatDateTime(f.occurred.since), until: formatDateTime(f.occurred.until) },
    event: f.event,
    resource: f.resource && { id: f.resource.id, id_prefix: f.resource.id_prefix, labels: f.resource.labelsJson, distinct: f.resource.distinct },
    related: related ? (f.relatedIsList ? related : related[0]) : null,
    any_resource: any ? (f.anyResourceIsList ? any : any[0]) : null,
    id: f.id,
    text: f.text,
    order: f.order,
  };
}

/** The 1002 close reason of a bad /events/out filter: Pydantic's str(ValidationError), shortened. */
export function validationSummary(error: ValidationError): string {
  const items = error.items;
  const lines = items.map((i) => `${i.loc.join('.')}\n  ${i.msg} [type=${i.type}]`);
  return `${items.length} validation error${items.length === 1 ? '' : 's'} for EventFilter\n${lines.join('\n')}`;
}

// ---------------------------------------------------------------------------
// In memory (the live /events/out stream): fnmatch globs with [seq] classes.

/** A label value against one glob, `!` negating it. */
function globMatches(value: string, glob: string): boolean {
  if (glob.startsWith('!')) return !fnmatchRegExp(glob.slice(1)).test(value);
  return fnmatchRegExp(glob).test(value);
}

/** ResourceSpecification.matches: every label present and matching one of its globs. */
export function labelsMatch(spec: LabelSpec, resource: Resource): boolean {
  for (const [label, globs] of Object.entries(spec)) {
    const value = resource[label];
    if (value === undefined) return false;
    if (!globs.some((glob) => globMatches(value, glob))) return false;
  }
  return true;
}

/** Python's str() of a dict, close enough for substring search of keys and values. */
function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `'${k}': ${pythonRepr(v)}`)
      .join(', ')}}`;
  return String(value);
}

function textMatches(query: string, event: ReceivedEvent): boolean {
  const parsed = parseTextSearchQuery(query);
  const parts = [event.event, ...Object.values(event.resource), ...event.related.flatMap((r) => Object.values(r)), pythonRepr(event.payload)];
  const text = parts.join(' ').toLowerCase();
  const has = (term: string) => text.includes(term.toLowerCase());
  if (parsed.include.length > 0 && !parsed.include.some(has)) return false;
  if (parsed.exclude.some(has)) return false;
  if (!parsed.required.every(has)) return false;
  return true;
}

/**
 * Does a live event pass the filter (§3.6)? occurred (until included), event,
 * resource, any_resource, id and text; `related` and `resource.distinct` are
 * not applied to live events, as in Prefect.
 */
export function matchesLive(f: EventFilter, event: ReceivedEvent): boolean {
  const t = event.occurred.getTime();
  if (t < f.occurred.since.getTime() || t > f.occurred.until.getTime()) return false;
  const name = event.event;
  if (f.event) {
    const { prefix, exclude_prefix, name: names, exclude_name } = f.event;
    if (prefix?.length && !prefix.some((p) => name.startsWith(p))) return false;
    if (exclude_prefix?.length && exclude_prefix.some((p) => name.startsWith(p))) return false;
    if (names?.length && !names.includes(name)) return false;
    if (exclude_name?.length && exclude_name.includes(name)) return false;
  }
  const rid = (r: Resource) => r['prefect.resource.id'];
  if (f.resource) {
    const { id, id_prefix, labels } = f.resource;
    if (id?.length && !id.includes(rid(event.resource))) return false;
    if (id_prefix?.length && !id_prefix.some((p) => rid(event.resource).startsWith(p))) return false;
    if (labels && Object.keys(labels).length > 0 && !labelsMatch(labels, event.resource)) return false;
  }
  for (const any of f.any_resource ?? []) {
    const ok = [event.resource, ...event.related].some((r) => {
      if (any.id?.length && !any.id.includes(rid(r))) return false;
      if (any.id_prefix?.length && !any.id_prefix.some((p) => rid(r).startsWith(p))) return false;
      if (any.labels && Object.keys(any.labels).length > 0 && !labelsMatch(any.labels, r)) return false;
      return true;
    });
    if (!ok) return false;
  }
  if (f.id.id?.length && !f.id.id.includes(event.id)) return false;
  if (f.text && !textMatches(f.text.query, event)) return false;
  return true;
}

/** Strings across the filter's lists (ids, names, prefixes, globs, role pairs), for PREFECT_SERVER_API_MAX_FILTER_VALUES. */
export function filterValueCount(f: EventFilter): number {
  const n = (list: readonly unknown[] | null | undefined) => list?.length ?? 0;
  const labels = (spec: LabelSpec | null) => (spec ? Object.values(spec).reduce((sum, globs) => sum + globs.length + 1, 0) : 0);
  let total = n(f.id.id);
  if (f.event) total += n(f.event.prefix) + n(f.event.exclude_prefix) + n(f.event.name) + n(f.event.exclude_name);
  if (f.resource) total += n(f.resource.id) + n(f.resource.id_prefix) + labels(f.resource.labels);
  for (const r of f.related ?? []) total += n(r.id) + n(r.role) + 2 * n(r.resources_in_roles) + labels(r.labels);
  for (const r of f.any_resource ?? []) total += n(r.id) + n(r.id_prefix) + labels(r.labels);
  return total;
}

/**
 * Refuses a filter holding more values than PREFECT_SERVER_API_MAX_FILTER_VALUES
 * (ours: each is a bound value of one statement; SQLite binds at most 32,766).
 */
export function checkEventFilterSize(f: EventFilter, max: number, loc: Loc): void {
  const given = filterValueCount(f);
  if (given <= max) return;
  throw new ValidationError([
    {
      type: 'too_long',
      loc,
      msg: `Filter lists should have at most ${max} values in total, not ${given} (PREFECT_SERVER_API_MAX_FILTER_VALUES)`,
      input: null,
      ctx: { field_type: 'List', max_length: max, actual_length: given },
    },
  ]);
}
