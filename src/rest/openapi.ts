// The OpenAPI 3.1 document of the REST door, generated from the route table
// and the GraphQL types the routes run (never written by hand, so it cannot
// drift): paths relative to the API base path as Prefect's are, request bodies
// from the root fields' arguments, responses from their output types with the
// fields a REST client gets, and the schema's descriptions.
import {
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLUnionType,
  getNamedType,
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLOutputType,
} from 'graphql';
import { PREFECT_VERSION } from '../version.ts';
import { restFields } from './rest-fields.ts';
import type { CompiledRoute } from './router.ts';

type JsonSchema = Record<string, unknown>;

/** Scalars as JSON Schema; an unknown scalar is any JSON value. */
const SCALARS: Record<string, JsonSchema> = {
  String: { type: 'string' },
  ID: { type: 'string' },
  Boolean: { type: 'boolean' },
  Int: { type: 'integer' },
  Float: { type: 'number' },
  UUID: { type: 'string', format: 'uuid' },
  DateTime: { type: 'string', format: 'date-time' },
  JSON: {},
  JSONObject: { type: 'object' },
};

const VALIDATION_ERROR: JsonSchema = {
  type: 'object',
  description: "Prefect's 422: the request did not validate.",
  properties: {
    exception_message: { type: 'string' },
    exception_detail: {
      type: 'array',
      items: { type: 'object', properties: { loc: { type: 'array', items: { type: ['string', 'integer'] } }, msg: { type: 'string' }, type: { type: 'string' } } },
    },
    request_body: {},
  },
};

const HTTP_ERROR: JsonSchema = { type: 'object', properties: { detail: {} }, description: "Prefect's error body: `detail` says what is wrong." };

class Components {
  readonly schemas: Record<string, JsonSchema> = {};

  ref(type: GraphQLNamedType): JsonSchema {
    if (type instanceof GraphQLScalarType) return { ...(SCALARS[type.name] ?? {}), ...(type.description && !(type.name in SCALARS) ? { description: type.description } : {}) };
    if (!(type.name in this.schemas)) {
      this.schemas[type.name] = {}; // reserved first: types refer to themselves
      this.schemas[type.name] = this.define(type);
    }
    return { $ref: `#/components/schemas/${type.name}` };
  }

  /** A possibly wrapped type; nullable unless NonNull. */
  of(type: GraphQLInputType | GraphQLOutputType): JsonSchema {
    if (type instanceof GraphQLNonNull) return this.required(type.ofType);
    return nullable(this.required(type));
  }

  private required(type: GraphQLInputType | GraphQLOutputType): JsonSchema {
    if (type instanceof GraphQLNonNull) return this.required(type.ofType);
    if (type instanceof GraphQLList) return { type: 'array', items: this.of(type.ofType) };
    return this.ref(type as GraphQLNamedType);
  }

  private define(type: GraphQLNamedType): JsonSchema {
    const description = type.description ? { description: type.description } : {};
    if (type instanceof GraphQLEnumType) return { type: 'string', enum: type.getValues().map((v) => v.name), ...enumDescription(type) };
    if (type instanceof GraphQLUnionType) return { oneOf: type.getTypes().map((t) => this.ref(t)), ...description };
    if (type instanceof GraphQLInputObjectType) {
      const fields = Object.values(type.getFields());
      return {
        type: 'object',
        ...description,
        properties: Object.fromEntries(fields.map((f) => [f.name, withDocs(this.of(f.type), f.description, f.defaultValue)])),
        ...requiredOf(fields.filter((f) => f.type instanceof GraphQLNonNull && f.defaultValue === undefined).map((f) => f.name)),
        additionalProperties: false,
      };
    }
    if (type instanceof GraphQLObjectType) {
      const fields = restFields(type);
      return {
        type: 'object',
        ...description,
        properties: Object.fromEntries(fields.map((f) => [f.name, withDocs(this.of(f.type), f.description)])),
        ...requiredOf(fields.filter((f) => f.type instanceof GraphQLNonNull).map((f) => f.name)),
      };
    }
    return {};
  }
}

/** An enum's description followed by one line per value (JSON Schema has no place for a value's own description). */
function enumDescription(type: GraphQLEnumType): JsonSchema {
  const values = type.getValues().filter((v) => v.description);
  const text = [type.description, values.map((v) => `- \`${v.name}\`: ${v.description}`).join('\n')].filter(Boolean).join('\n\n');
  return text ? { description: text } : {};
}

/** Also null: a plain `type` widens to [type, 'null']; anything else (a $ref, an enum, a bare description) goes in anyOf. */
function nullable(schema: JsonSchema): JsonSchema {
  if (Object.keys(schema).length === 0) return schema; // any JSON value, null included
  if (typeof schema.type === 'string' && !('enum' in schema)) return { ...schema, type: [schema.type, 'null'] };
  return { anyOf: [schema, { type: 'null' }] };
}

function withDocs(schema: JsonSchema, description?: string | null, defaultValue?: unknown): JsonSchema {
  const docs: JsonSchema = {};
  if (description) docs.description = description;
  if (defaultValue !== undefined) docs.default = defaultValue;
  if (Object.keys(docs).length === 0) return schema;
  // A $ref takes no siblings in older tools: wrap it.
  return '$ref' in schema ? { allOf: [schema], ...docs } : { ...schema, ...docs };
}

const requiredOf = (names: string[]) => (names.length ? { required: names } : {});

const queryName = (arg: GraphQLArgument) => (arg.extensions as { queryName?: string }).queryName ?? arg.name;

function operation(route: CompiledRoute, components: Components, operationId: string): JsonSchema {
  const { fieldDef } = route;
  const inPath = new Set(route.params);
  const model = typeof route.body === 'object' ? route.body.model : undefined;
  const bodyArgs = route.body === 'keyed' ? fieldDef.args.filter((a) => !inPath.has(a.name)) : fieldDef.args.filter((a) => a.name === model);
  const queryArgs = route.body === 'keyed' ? [] : fieldDef.args.filter((a) => !inPath.has(a.name) && a.name !== model);
  const parameters = [
    ...fieldDef.args
      .filter((a) => inPath.has(a.name))
      .map((a) => ({
        name: a.name,
        in: 'path',
        required: true,
        schema: components.of(new GraphQLNonNull(getNamedType(a.type) as GraphQLScalarType)),
        ...(a.description && { description: a.description }),
      })),
    ...queryArgs.map((a) => ({
      name: queryName(a),
      in: 'query',
      required: a.type instanceof GraphQLNonNull && a.defaultValue === undefined,
      schema: withDocs(components.of(a.type), undefined, a.defaultValue),
      ...(a.description && { description: a.description }),
    })),
  ];
  const requestBody = model
    ? {
        required: true,
        ...(bodyArgs[0].description && { description: bodyArgs[0].description }),
        content: { 'application/json': { schema: components.of(new GraphQLNonNull(getNamedType(bodyArgs[0].type) as GraphQLInputObjectType)) } },
      }
    : route.body === 'keyed' && bodyArgs.length
      ? {
          required: false,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: Object.fromEntries(bodyArgs.map((a) => [a.name, withDocs(components.of(a.type), a.description, a.defaultValue)])),
                ...requiredOf(bodyArgs.filter((a) => a.type instanceof GraphQLNonNull && a.defaultValue === undefined).map((a) => a.name)),
              },
            },
          },
        }
      : undefined;
  const statuses = route.status === 'created-or-200' || route.status === 'state-created-or-200' ? [201, 200] : [route.status];
  const success = (status: number) =>
    status === 204
      ? { description: 'Done; no body.' }
      : {
          description: status === 201 ? 'Created by this request.' : 'Successful response.',
          content: route.text ? { 'text/plain': { schema: { type: 'string' } } } : { 'application/json': { schema: components.of(fieldDef.type) } },
        };
  return {
    operationId,
    summary: `${route.method} ${route.path}`,
    ...(fieldDef.description && { description: fieldDef.description }),
    tags: [route.path.split('/')[1] || 'root'],
    ...(parameters.length && { parameters }),
    ...(requestBody && { requestBody }),
    responses: {
      ...Object.fromEntries(statuses.map((s) => [String(s), success(s)])),
      '404': { description: 'Not found.', content: { 'application/json': { schema: HTTP_ERROR } } },
      '422': { description: 'Validation error.', content: { 'application/json': { schema: VALIDATION_ERROR } } },
    },
  };
}

/** The OpenAPI 3.1 document of these routes, served under `basePath`. */
export function openApiDocument(routes: CompiledRoute[], basePath: string): JsonSchema {
  const components = new Components();
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const used = new Map<string, number>();
  for (const route of routes) {
    // One root field may answer several routes (by id, by name): operation ids stay unique.
    const seen = used.get(route.field) ?? 0;
    used.set(route.field, seen + 1);
    const operationId = seen ? `${route.field}_${seen + 1}` : route.field;
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route, components, operationId);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Prefect REST API',
      version: PREFECT_VERSION,
      description: "Prefect's REST API, answered by the Prefect GraphQL gateway: each route runs the GraphQL root field named by its operationId (see /graphql).",
    },
    servers: [{ url: basePath }],
    paths,
    components: { schemas: components.schemas },
  };
}
