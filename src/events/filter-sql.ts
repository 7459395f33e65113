// EventFilter → a SQL condition on `events e` (events §3.1), written once for
// both databases. Resource criteria are subqueries on `event_resources`
// scoped to the filter's occurred window, as in Prefect. Glob patterns are
// PostgreSQL `LIKE ... ESCAPE '\'` and SQLite `GLOB` (case-sensitive on both:
// SQLite's LIKE ignores ASCII case). Values are bound, never spliced.
import type { Dialect } from '../resources/concurrency-limits/sql.ts';
import { parseTextSearchQuery } from '../resources/logs/text-search.ts';
import type { AnyResourceFilter, EventFilter, LabelSpec, RelatedFilter } from './filters.ts';

/** Collects bound values; placeholders are PostgreSQL's `$n` (the query helper rewrites them for SQLite). */
export class Params {
  readonly values: unknown[] = [];
  constructor(readonly dialect: Dialect) {}

  value(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }

  time(d: Date): string {
    // SQLite: a Date is bound as Prisma stores it (ISO with +00:00), so text order is time order.
    return this.dialect === 'postgresql' ? `${this.value(d.toISOString())}::timestamptz` : this.value(d);
  }

  /** A list of strings as a subquery for `IN (...)`. */
  strings(list: readonly string[], cast = ''): string {
    const p = this.value(JSON.stringify(list));
    return this.dialect === 'postgresql' ? `(SELECT value${cast} FROM jsonb_array_elements_text(${p}::jsonb))` : `(SELECT value FROM json_each(${p}))`;
  }

  /** The text of label `label` in the JSON column `column`. */
  label(column: string, label: string): string {
    if (this.dialect === 'postgresql') return `(${column} ->> ${this.value(label)})`;
    return `json_extract(${column}, ${this.value(`$."${label.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)})`;
  }
}

type Token = { kind: 'text'; text: string } | { kind: 'any' } | { kind: 'one' };

/** A glob as tokens: `*` any run, `?` one character, the rest literal (SQL has no [seq], as in Prefect). */
function globTokens(glob: string): Token[] {
  return [...glob].map((ch) => (ch === '*' ? { kind: 'any' } : ch === '?' ? { kind: 'one' } : { kind: 'text', text: ch }));
}

/** An unescaped LIKE prefix: `%` and `_` in it act as wildcards, as in Prefect's startswith. */
function prefixTokens(prefix: string): Token[] {
  const tokens: Token[] = [...prefix].map((ch) => (ch === '%' ? { kind: 'any' } : ch === '_' ? { kind: 'one' } : { kind: 'text', text: ch }));
  tokens.push({ kind: 'any' });
  return tokens;
}

function matchTokens(p: Params, column: string, tokens: Token[]): string {
  if (p.dialect === 'postgresql') {
    const pattern = tokens.map((t) => (t.kind === 'any' ? '%' : t.kind === 'one' ? '_' : t.text.replace(/[\\%_]/g, '\\$&'))).join('');
    return `${column} LIKE ${p.value(pattern)} ESCAPE '\\'`;
  }
  const pattern = tokens.map((t) => (t.kind === 'any' ? '*' : t.kind === 'one' ? '?' : t.text.replace(/[*?[]/g, '[$&]'))).join('');
  return `${column} GLOB ${p.value(pattern)}`;
}

/** `!glob` negates (NOT ..., which never matches a missing label: NULL). */
function globCondition(p: Params, column: string, glob: string): string {
  const negated = glob.startsWith('!');
  const test = matchTokens(p, column, globTokens(negated ? glob.slice(1) : glob));
  return negated ? `NOT (${test})` : `(${test})`;
}

const or = (parts: string[]) => (parts.length === 0 ? 'FALSE' : parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`);
const and = (parts: string[]) => (parts.length === 0 ? 'TRUE' : parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})`);

function prefixCondition(p: Params, column: string, prefixes: string[]): string {
  return or(prefixes.map((prefix) => `(${matchTokens(p, column, prefixTokens(prefix))})`));
}

/** Label criteria on an `event_resources er` row; `roleIsLabel`: `prefect.resource.role` is the role column (exact). */
function labelConditions(p: Params, spec: LabelSpec, roleIsLabel: boolean): string[] {
  const conditions: string[] = [];
  const { 'prefect.resource.id': ids, 'prefect.resource.role': roles, ...rest } = spec;
  if (ids?.length) conditions.push(or(ids.map((glob) => globCondition(p, 'er.resource_id', glob))));
  if (roleIsLabel) {
    if (roles?.length) conditions.push(`er.resource_role IN ${p.strings(roles)}`);
  } else if (roles !== undefined) rest['prefect.resource.role'] = roles;
  for (const [label, globs] of Object.entries(rest)) {
    // An empty list of values matches nothing.
    if (globs.length === 0) conditions.push('FALSE');
    else conditions.push(or(globs.map((glob) => globCondition(p, p.label('er.resource', label), glob))));
  }
  return conditions;
}

/** `e.id IN (event_resources rows in the window satisfying all conditions)`. */
function resourceSubquery(p: Params, f: EventFilter, conditions: string[]): string {
  const window = `er.occurred >= ${p.time(f.occurred.since)} AND er.occurred <= ${p.time(f.occurred.until)}`;
  return `e.id IN (SELECT er.event_id FROM event_resources er WHERE ${window} AND ${and(conditions)})`;
}

function relatedCondition(p: Params, f: EventFilter, r: RelatedFilter): string | undefined {
  const conditions: string[] = [];
  if (r.id?.length) conditions.push(`er.resource_id IN ${p.strings(r.id)}`);
  if (r.role?.length) conditions.push(`er.resource_role IN ${p.strings(r.role)}`);
  if (r.resources_in_roles?.length) {
    conditions.push(or(r.resources_in_roles.map(([id, role]) => `(er.resource_id = ${p.value(id)} AND er.resource_role = ${p.value(role)})`)));
  }
  if (r.labels && Object.keys(r.labels).length > 0) conditions.push(and(labelConditions(p, r.labels, true)));
  if (conditions.length === 0) return undefined;
  if (!r.role?.length) conditions.push(`er.resource_role <> ''`);
  return resourceSubquery(p, f, conditions);
}

function anyResourceCondition(p: Params, f: EventFilter, r: AnyResourceFilter): string | undefined {
  const conditions: string[] = [];
  if (r.id?.length) conditions.push(`er.resource_id IN ${p.strings(r.id)}`);
  if (r.id_prefix?.length) conditions.push(prefixCondition(p, 'er.resource_id', r.id_prefix));
  if (r.labels && Object.keys(r.labels).length > 0) conditions.push(and(labelConditions(p, r.labels, true)));
  if (conditions.length === 0) return undefined;
  return resourceSubquery(p, f, conditions);
}

function textConditions(p: Params, query: string): string[] {
  if (query.trim() === '') return [];
  const parsed = parseTextSearchQuery(query);
  const searchable =
    p.dialect === 'postgresql'
      ? `lower(concat(e.event, ' ', e.resource::text, ' ', e.related::text, ' ', e.payload::text))`
      : `lower(e.event || ' ' || e.resource || ' ' || e.related || ' ' || e.payload)`;
  const contains = (term: string) => `${searchable} LIKE ${p.value(`%${term.toLowerCase()}%`)}`;
  const conditions: string[] = [];
  if (parsed.include.length) conditions.push(or(parsed.include.map(contains)));
  if (parsed.exclude.length) conditions.push(and(parsed.exclude.map((t) => `NOT (${contains(t)})`)));
  if (parsed.required.length) conditions.push(and(parsed.required.map(contains)));
  return conditions;
}

/** The WHERE condition (on `events e`) of a filter. */
export function compileEventWhere(p: Params, f: EventFilter): string {
  const conditions = [`e.occurred >= ${p.time(f.occurred.since)}`, `e.occurred <= ${p.time(f.occurred.until)}`];
  if (f.event) {
    const { prefix, exclude_prefix, name, exclude_name } = f.event;
    if (prefix?.length) conditions.push(prefixCondition(p, 'e.event', prefix));
    for (const x of exclude_prefix ?? []) conditions.push(`NOT ${prefixCondition(p, 'e.event', [x])}`);
    if (name?.length) conditions.push(`e.event IN ${p.strings(name)}`);
    if (exclude_name?.length) conditions.push(`e.event NOT IN ${p.strings(exclude_name)}`);
  }
  if (f.resource) {
    const { id, id_prefix, labels } = f.resource;
    if (id?.length) conditions.push(`e.resource_id IN ${p.strings(id)}`);
    if (id_prefix?.length) conditions.push(prefixCondition(p, 'e.resource_id', id_prefix));
    if (labels && Object.keys(labels).length > 0) {
      // The primary resource's row (role ""); its role is not a label there.
      conditions.push(resourceSubquery(p, f, [`er.resource_role = ''`, ...labelConditions(p, labels, false)]));
    }
  }
  for (const r of f.related ?? []) {
    const c = relatedCondition(p, f, r);
    if (c) conditions.push(c);
  }
  for (const r of f.any_resource ?? []) {
    const c = anyResourceCondition(p, f, r);
    if (c) conditions.push(c);
  }
  if (f.id.id?.length) conditions.push(`e.id IN ${p.strings(f.id.id, '::uuid')}`);
  if (f.text) conditions.push(...textConditions(p, f.text.query));
  return conditions.join(' AND ');
}
