// The one generic REST adapter: request parts → the route's GraphQL field
// arguments (validated with Prefect's rules) → the field executed in-process
// through a document prepared once per route → Prefect's JSON and status.
import { restFields } from './rest-fields.ts';
import { loggers } from '../logging/logger.ts';
import { GraphQLNonNull, GraphQLObjectType, GraphQLUnionType, execute, getNamedType, parse, type DocumentNode, type GraphQLOutputType, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { type ApiError, ValidationError, toApiError, type ValidationItem } from '../errors.ts';
import type { Context, WriteOutcome } from '../graphql/context.ts';
import { isPagingLimit, resolveLimit } from '../pagination.ts';
import { coerceInput, sequenceItem } from './coerce.ts';
import { responseHeadersOf } from './response-headers.ts';
import type { CompiledRoute } from './router.ts';

/** The request body after the HTTP layer read it. */
export type Body =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  /** Not sent as JSON (e.g. text/plain): keyed routes use defaults. */
  | { kind: 'text'; raw: string };

export interface RestResult {
  status: number;
  /** undefined: no body at all (204, and the admin 400). */
  body?: unknown;
  /** The GraphQL type of a successful body, for Prefect's number formats. */
  type?: GraphQLOutputType;
  /** The body is a string sent as text/plain. */
  text?: boolean;
  /** Extra response headers (an error's Retry-After, ...). */
  headers?: Record<string, string>;
}

/** The selection of the JSON a REST client gets for a type (rest-fields.ts). */
export function restSelection(type: GraphQLOutputType): string {
  const named = getNamedType(type);
  if (named instanceof GraphQLUnionType) {
    return `{ ${named
      .getTypes()
      .map((member) => `... on ${member.name} ${restSelection(member)}`)
      .join(' ')} }`;
  }
  if (!(named instanceof GraphQLObjectType)) return '';
  const fields = restFields(named);
  return `{ ${fields.map((f) => `${f.name} ${restSelection(f.type)}`).join(' ')} }`;
}

export function restDocument(route: CompiledRoute): DocumentNode {
  const { fieldDef } = route;
  const vars = fieldDef.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const args = fieldDef.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  return parse(`${route.operation} Rest${vars ? `(${vars})` : ''} { ${fieldDef.name}${args ? `(${args})` : ''} ${restSelection(fieldDef.type)} }`);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const queryName = (arg: { name: string; extensions: object }) => (arg.extensions as { queryName?: string }).queryName ?? arg.name;

/** Where each argument's value comes from, with its `loc` prefix for 422 items. */
function argumentSources(route: CompiledRoute, params: Record<string, string>, query: URLSearchParams, body: Body, items: ValidationItem[]) {
  const sources: { name: string; value: unknown; loc: (string | number)[] }[] = [];
  const fromBody = route.body;
  for (const arg of route.fieldDef.args) {
    if (arg.name in params) sources.push({ name: arg.name, value: params[arg.name], loc: ['path', arg.name] });
    // A query parameter whose name is no GraphQL name (`page-token`) is named by the argument's extensions.queryName.
    else if (query.has(queryName(arg))) sources.push({ name: arg.name, value: query.get(queryName(arg)), loc: ['query', queryName(arg)] });
    else if (fromBody && typeof fromBody === 'object' && fromBody.model === arg.name) {
      // An absent body is the argument's default where it has one (POST /templates/validate: "").
      if (body.kind === 'none' && arg.defaultValue !== undefined) continue;
      if (body.kind === 'none' || (body.kind === 'json' && body.value === null)) {
        items.push({ type: 'missing', loc: ['body'], msg: 'Field required', input: null });
      } else if (body.kind === 'text') {
        items.push({ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input: body.raw });
      } else sources.push({ name: arg.name, value: body.value, loc: ['body'] });
    } else if (fromBody === 'keyed' && body.kind === 'json' && body.value !== null) {
      if (!isObject(body.value)) {
        // A keyed body that is an array, string or number: every key is "missing".
        items.push({ type: 'missing', loc: ['body', arg.name], msg: 'Field required', input: null });
      } else if (body.value[arg.name] !== undefined && body.value[arg.name] !== null) {
        sources.push({ name: arg.name, value: body.value[arg.name], loc: ['body', arg.name] });
      }
    }
    const required = arg.type instanceof GraphQLNonNull && arg.defaultValue === undefined;
    if (required && !sources.some((s) => s.name === arg.name) && !items.some((i) => i.loc[0] === 'body' && i.loc.length === 1)) {
      const place = fromBody === 'keyed' ? 'body' : 'query';
      const name = place === 'query' ? queryName(arg) : arg.name;
      if (!items.some((i) => i.loc[0] === place && i.loc[1] === name)) {
        items.push({ type: 'missing', loc: [place, name], msg: 'Field required', input: null });
      }
    }
  }
  return sources;
}

export class RestAdapter {
  private documents = new Map<CompiledRoute, DocumentNode>();
  /**
   * Each route's document compiled once by graphql-jit (null: it could not be,
   * graphql-js runs it). Its variables are coerced here first (Prefect's 422s),
   * so jit's own variable messages never reach a client. About 1.3× the
   * throughput of graphql-js on a 200-run filter: graphql-js resolved every
   * field through getArgumentValues and its generic completion.
   */
  private compiled = new Map<CompiledRoute, CompiledQuery | null>();

  constructor(private schema: GraphQLSchema) {}

  async run(route: CompiledRoute, params: Record<string, string>, query: URLSearchParams, body: Body, ctx: Context): Promise<RestResult> {
    try {
      const variables = this.variables(route, params, query, body, ctx);
      let document = this.documents.get(route);
      if (!document) this.documents.set(route, (document = restDocument(route)));
      // The operation reports whether it wrote (markCreated); a fresh flag per execution.
      const outcome: WriteOutcome = (ctx.outcome = { created: false });
      let compiled = this.compiled.get(route);
      if (compiled === undefined) {
        const result = compileQuery(this.schema, document);
        this.compiled.set(route, (compiled = isCompiledQuery(result) ? result : null));
      }
      const result = compiled ? await compiled.query(undefined, ctx, variables) : await execute({ schema: this.schema, document, variableValues: variables, contextValue: ctx });
      if (result.errors?.length) {
        const error = result.errors[0];
        const original = error.originalError;
        // GraphQL's own variable checks should not fire after ours; if one does, it is still the client's input.
        if (!original && !result.data) throw new ValidationError([{ type: 'value_error', loc: ['body'], msg: error.message, input: null }]);
        // The cause itself: the catch below maps it, and logs it when it becomes a 500.
        throw original ?? error;
      }
      const data = result.data![route.field] as Record<string, unknown> | null;
      if (route.status === 204) return { status: 204 };
      if (route.status === 'created-or-200' || route.status === 'state-created-or-200') {
        // 201 exactly when this request inserted the row or wrote the state it
        // answers with, as the database decided it; racing requests that found
        // the row, or got ABORT/WAIT/REJECT keeping the current state, get 200.
        return { status: outcome.created ? 201 : 200, body: data, type: route.fieldDef.type };
      }
      if (route.text) return { status: route.status, body: data, text: true, headers: responseHeadersOf(ctx) };
      return { status: route.status, body: data, type: route.fieldDef.type };
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.status === 500) loggers().server.error({ err: error, route: `${route.method} ${route.path}` }, 'request failed');
      return renderError(apiError, body);
    }
  }

  private variables(route: CompiledRoute, params: Record<string, string>, query: URLSearchParams, body: Body, ctx: Context) {
    const items: ValidationItem[] = [];
    const variables: Record<string, unknown> = {};
    for (const source of argumentSources(route, params, query, body, items)) {
      const arg = route.fieldDef.args.find((a) => a.name === source.name)!;
      const notSequence = sequenceItem(arg, source.value, source.loc);
      if (notSequence) {
        items.push(notSequence);
        continue;
      }
      const value = coerceInput(arg.type, source.value, source.loc, items);
      if (value !== undefined) variables[source.name] = value;
    }
    // Prefect checks the paging `limit` in a dependency that runs before body validation.
    const limitArg = route.fieldDef.args.find(isPagingLimit);
    if (limitArg && typeof variables[limitArg.name] === 'number') resolveLimit(variables[limitArg.name] as number, ctx.settings.api.defaultLimit);
    if (items.length > 0) throw new ValidationError(items);
    return variables;
  }
}

function requestBody(body: Body): unknown {
  return body.kind === 'json' ? body.value : body.kind === 'text' ? body.raw : null;
}

export function renderError(error: ApiError, body: Body = { kind: 'none' }): RestResult {
  if (error instanceof ValidationError) {
    return { status: 422, body: { ...(error.body as object), request_body: requestBody(body) } };
  }
  return { status: error.status, body: error.body === null ? undefined : error.body, ...(error.headers ? { headers: error.headers } : {}) };
}
