// Matching a request path against the route table the way Prefect's router
// does: UUID parameters only match UUID-shaped segments, a path that matches
// with another method answers 405, and a path that matches only with its
// trailing slash toggled answers a 307 redirect.
import { getNamedType, type GraphQLField, type GraphQLSchema } from 'graphql';
import { UUID_SEGMENT } from '../validation/uuid.ts';
import type { Route } from './routes.ts';

export interface CompiledRoute extends Route {
  operation: 'query' | 'mutation';
  fieldDef: GraphQLField<unknown, unknown>;
  pattern: RegExp;
  params: string[];
}

export type Match =
  | { kind: 'route'; route: CompiledRoute; params: Record<string, string> }
  | { kind: 'wrong-method'; allow: string[] }
  | { kind: 'redirect'; path: string }
  | { kind: 'none' };

const UUID_GROUP = UUID_SEGMENT.source.slice(1, -1);

export function compileRoutes(schema: GraphQLSchema, routes: Route[]): CompiledRoute[] {
  return routes.map((route) => {
    // Reads (filter, count, paginate are POSTs too) are queries; writes are mutations.
    const queryField = schema.getQueryType()?.getFields()[route.field];
    const fieldDef = queryField ?? schema.getMutationType()?.getFields()[route.field];
    if (!fieldDef) throw new Error(`route ${route.method} ${route.path}: no root field ${route.field}`);
    const operation = queryField ? 'query' : 'mutation';
    const params: string[] = [];
    const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name: string) => {
      const arg = fieldDef.args.find((a) => a.name === name);
      if (!arg) throw new Error(`route ${route.path}: ${route.field} has no argument ${name}`);
      params.push(name);
      return getNamedType(arg.type).name === 'UUID' ? `(${UUID_GROUP})` : '([^/]+)';
    });
    return { ...route, operation, fieldDef, pattern: new RegExp(`^${source}$`), params };
  });
}

function pathMatches(routes: CompiledRoute[], path: string) {
  return routes.flatMap((route) => {
    const m = route.pattern.exec(path);
    return m ? [{ route, params: Object.fromEntries(route.params.map((p, i) => [p, m[i + 1]])) }] : [];
  });
}

/** `path` is already percent-decoded and relative to the API base path. */
export function matchRoute(routes: CompiledRoute[], method: string, path: string): Match {
  const candidates = pathMatches(routes, path);
  const exact = candidates.find((c) => c.route.method === method);
  if (exact) return { kind: 'route', ...exact };
  if (candidates.length > 0) return { kind: 'wrong-method', allow: [...new Set(candidates.map((c) => c.route.method))] };
  const toggled = path.endsWith('/') ? path.slice(0, -1) : `${path}/`;
  if (toggled !== '' && pathMatches(routes, toggled).length > 0) return { kind: 'redirect', path: toggled };
  return { kind: 'none' };
}
