// Flow-run inputs (flows-and-runs §2.15): keyed text values a run receives.
import { ValidationError, httpError, notFound, isUniqueViolation } from '../../errors.ts';
import type { Context } from '../../graphql/context.ts';

const KEY_PATTERN = '^[a-z0-9-]*$';
const KEY = new RegExp(KEY_PATTERN);
const INPUT_NOT_FOUND = 'Flow run input not found';

export interface FlowRunInputCreate {
  key: string;
  value: string;
  sender?: string | null;
}

export async function createFlowRunInput(ctx: Context, flowRunId: string, input: FlowRunInputCreate) {
  // Prefect answers a bad key with a 500; it is the client's input, so a 422.
  if (!KEY.test(input.key)) {
    throw new ValidationError([
      { type: 'string_pattern_mismatch', loc: ['body', 'key'], msg: `String should match pattern '${KEY_PATTERN}'`, input: input.key, ctx: { pattern: KEY_PATTERN } },
    ]);
  }
  const run = await ctx.db.flowRun.findUnique({ where: { id: flowRunId }, select: { id: true } });
  if (!run) throw notFound('Flow run not found');
  try {
    await ctx.db.flowRunInput.create({ data: { flow_run_id: flowRunId, key: input.key, value: input.value, sender: input.sender ?? null } });
  } catch (error) {
    if (isUniqueViolation(error)) throw httpError(409, 'A flow run input with this key already exists.');
    throw error;
  }
  return null;
}

/** Inputs whose key starts with `prefix` (wildcards not escaped, as in Prefect), oldest first. */
export function filterFlowRunInputs(ctx: Context, flowRunId: string, prefix: string, limit: number, excludeKeys: string[]) {
  return ctx.db.flowRunInput.findMany({
    where: { flow_run_id: flowRunId, key: { startsWith: prefix, notIn: excludeKeys } },
    orderBy: [{ created: 'asc' }, { id: 'asc' }],
    take: limit,
  });
}

export async function readFlowRunInput(ctx: Context, flowRunId: string, key: string) {
  const input = await ctx.db.flowRunInput.findUnique({ where: { flow_run_id_key: { flow_run_id: flowRunId, key } }, select: { value: true } });
  if (!input) throw notFound(INPUT_NOT_FOUND);
  return input.value;
}

export async function deleteFlowRunInput(ctx: Context, flowRunId: string, key: string) {
  const { count } = await ctx.db.flowRunInput.deleteMany({ where: { flow_run_id: flowRunId, key } });
  if (count === 0) throw notFound(INPUT_NOT_FOUND);
  return true;
}
