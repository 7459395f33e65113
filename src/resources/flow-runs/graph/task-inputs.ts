// References out of a task run's task_inputs (flows-and-runs §3.5): an object
// mapping argument names to lists of {input_type, id | name | type}. Stored as
// the client sent them, so anything unexpected is skipped here rather than
// failing the whole graph.
import { parseUuid } from '../../../validation/uuid.ts';

/** The key whose references are enclosing tasks, not data dependencies. */
export const PARENTS_KEY = '__parents__';

export interface InputRef {
  /** The argument name the reference was listed under. */
  key: string;
  /** task_run, flow_run, ...; absent means task_run when an id is given. */
  input_type: string;
  /** Lower-case hyphenated, like the node and run ids it is matched against. */
  id: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function normalisedId(value: unknown): string | null {
  try {
    return parseUuid(value);
  } catch {
    return null;
  }
}

/** Every reference that names a run by id (parameters and constants have none), in listing order. */
export function inputRefs(taskInputs: unknown): InputRef[] {
  if (!isObject(taskInputs)) return [];
  const refs: InputRef[] = [];
  for (const [key, list] of Object.entries(taskInputs)) {
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      if (!isObject(item)) continue;
      const id = normalisedId(item.id);
      if (id) refs.push({ key, input_type: typeof item.input_type === 'string' ? item.input_type : 'task_run', id });
    }
  }
  return refs;
}

/**
 * graph v1's upstream_dependencies: the task-run references, each id once.
 * Prefect de-duplicates through a Python set (no stable order) and can only
 * answer task-run references (its response type is TaskRunResult), so we keep
 * first-seen order and leave flow-run references out.
 */
export function upstreamTaskRuns(taskInputs: unknown): { input_type: 'task_run'; id: string }[] {
  const ids = new Set(
    inputRefs(taskInputs)
      .filter((r) => r.input_type === 'task_run')
      .map((r) => r.id),
  );
  return [...ids].map((id) => ({ input_type: 'task_run' as const, id }));
}
