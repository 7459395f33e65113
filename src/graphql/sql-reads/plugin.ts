// The execution step for queries that one SQL statement per root field can
// answer (./README.md): planned from the document, run, and the database's
// JSON returned as the data. Anything else, and any failure, runs the
// resolvers as before (they answer errors the usual way).
import { Kind, getVariableValues, type ExecutionArgs, type ExecutionResult, type FragmentDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { queryRows } from '../../db/raw-rows.ts';
import { prepareOnConnections } from '../../db/prepared-statements.ts';
import { modelsOf } from '../../filters/sql/datamodel.ts';
import { loggers } from '../../logging/logger.ts';
import type { Context } from '../context.ts';
import { operationOf } from '../operation.ts';
import { planOperation } from './plan.ts';
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

/** The result of `args`' operation from SQL, or null: the resolvers answer. */
export async function sqlRead(args: ExecutionArgs): Promise<ExecutionResult | null> {
  const ctx = args.contextValue as Context;
  const operation = operationOf(args.document, args.operationName);
  if (operation?.operation !== 'query' || !ctx.db) return null;
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
  if (!Array.isArray(roots)) {
    loggers().server.debug({ reason: roots.unsupported }, 'query answered by the resolvers');
    return null;
  }
  try {
    const data: Record<string, unknown> = {};
    for (const root of roots) {
      const { sql, values } = readStatement(models, ctx.target.provider, root);
      if (ctx.target.provider === 'postgresql') prepareOnConnections(sql);
      const [row] = await queryRows<{ data: string }>(ctx.db, sql, values);
      data[root.key] = JSON.parse(row.data);
      finishComputed(root.object, data[root.key]);
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
