// The execution step for queries that one SQL statement per root field can
// answer (./README.md): planned from the document, run, and the database's
// JSON returned as the data. Anything else, and any failure, runs the
// resolvers as before (they answer errors the usual way).
import { Kind, getVariableValues, visit, type DocumentNode, type ExecutionArgs, type ExecutionResult, type FragmentDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { queryRows } from '../../db/raw-rows.ts';
import { JsonText } from '../../http/json-bytes.ts';
import { prepareOnConnections } from '../../db/prepared-statements.ts';
import { modelsOf } from '../../filters/sql/datamodel.ts';
import { loggers } from '../../logging/logger.ts';
import type { Context } from '../context.ts';
import { operationOf } from '../operation.ts';
import { planOperation, type RootPlan } from './plan.ts';
import { finishComputed, Unprintable } from './computed.ts';
import { readStatement } from './statement.ts';

type Execute = (args: ExecutionArgs) => ExecutionResult | Promise<ExecutionResult> | unknown;

export function sqlReadsPlugin(): Plugin<Context> {
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn(async (args: ExecutionArgs) => (await sqlRead(args)) ?? (executeFn as Execute)(args));
    },
  };
}

/**
 * What one document's operations came to, so a document sent again (a UI
 * polling the same query) skips coercing, planning and building SQL: why it
 * cannot be read in SQL, when no @skip/@include makes that depend on the
 * variables; or its statements per variables. Kept per document (yoga keeps
 * parsed documents in its own bounded cache) for one server's settings.
 */
interface Prepared {
  owner: object;
  unsupported?: string;
  byVariables: Map<string, Statement[]>;
}
export interface Statement {
  root: RootPlan;
  sql: string;
  values: unknown[];
}
const prepared = new WeakMap<DocumentNode, Map<string | undefined, Prepared>>();
/** Variables remembered per document and operation (first in, first out). */
const MAX_VARIABLES = 16;

/** The result of `args`' operation from SQL, or null: the resolvers answer. */
export async function sqlRead(args: ExecutionArgs): Promise<ExecutionResult | null> {
  const ctx = args.contextValue as Context;
  if (!ctx.db) return null;
  let forDocument = prepared.get(args.document);
  if (!forDocument) prepared.set(args.document, (forDocument = new Map()));
  let entry = forDocument.get(args.operationName ?? undefined);
  if (entry?.owner !== ctx.settings) forDocument.set(args.operationName ?? undefined, (entry = { owner: ctx.settings, byVariables: new Map() }));
  if (entry.unsupported !== undefined) return null;
  const variablesKey = JSON.stringify(args.variableValues ?? {});
  let statements = entry.byVariables.get(variablesKey);
  if (!statements) {
    const planned = await planStatements(args, ctx);
    if (planned === null) return null;
    if ('unsupported' in planned) {
      loggers().server.debug({ reason: planned.unsupported }, 'query answered by the resolvers');
      if (!planned.dependsOnVariables) entry.unsupported = planned.unsupported;
      return null;
    }
    statements = planned.statements;
    if (entry.byVariables.size >= MAX_VARIABLES) entry.byVariables.delete(entry.byVariables.keys().next().value!);
    entry.byVariables.set(variablesKey, statements);
  }
  const result = await runStatements(ctx, statements);
  // The GraphQL door replays this request's statements when the same request comes again (replay.ts).
  if (result && ctx.sqlRead) ctx.sqlRead.statements = statements;
  return result;
}

/** The statements of `args`' operation; null for a bad argument or variable (the resolvers answer it). */
async function planStatements(args: ExecutionArgs, ctx: Context): Promise<{ statements: Statement[] } | { unsupported: string; dependsOnVariables: boolean } | null> {
  const operation = operationOf(args.document, args.operationName);
  if (operation?.operation !== 'query') return { unsupported: 'not a query', dependsOnVariables: false };
  const coerced = getVariableValues(args.schema, operation.variableDefinitions ?? [], (args.variableValues ?? {}) as Record<string, unknown>, { maxErrors: 1 });
  if (coerced.errors) return null;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of args.document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const models = modelsOf(ctx.db);
  let roots: Awaited<ReturnType<typeof planOperation>>;
  try {
    roots = await planOperation(args.schema, models, operation, fragments, coerced.coerced, ctx);
  } catch {
    return null; // a bad argument: the resolvers answer it
  }
  if (!Array.isArray(roots)) return { unsupported: roots.unsupported, dependsOnVariables: hasDirectives(args.document) };
  return { statements: roots.map((root) => ({ root, ...readStatement(models, ctx.target.provider, root) })) };
}

/** @skip/@include anywhere: which fields a plan sees depends on the variables. */
function hasDirectives(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Directive(node) {
      if (node.name.value === 'skip' || node.name.value === 'include') found = true;
    },
  });
  return found;
}

/** The data of `statements` (under the request's signal), or null: the resolvers answer. */
export async function runStatements(ctx: Pick<Context, 'db' | 'target' | 'signal'>, statements: Statement[]): Promise<ExecutionResult | null> {
  try {
    const data: Record<string, unknown> = {};
    for (const { root, sql, values } of statements) {
      if (ctx.target.provider === 'postgresql') prepareOnConnections(sql);
      const [row] = await queryRows<{ data: string }>(ctx.db, sql, values);
      if (root.object.computes) {
        data[root.key] = JSON.parse(row.data);
        finishComputed(root.object, data[root.key]);
      } else {
        // Nothing to compute: the database's text is the field's JSON (http/json-bytes.ts).
        data[root.key] = new JsonText(row.data, ctx.target.provider === 'postgresql');
      }
    }
    return { data };
  } catch (error) {
    // A computed value the resolvers answer with an error: they answer it.
    if (error instanceof Unprintable) return null;
    // Stopped by the timeout or a client gone: the timeout plugin answers.
    if (ctx.signal?.aborted) throw error;
    loggers().server.warn({ err: error }, 'SQL read failed; the resolvers answer');
    return null;
  }
}
