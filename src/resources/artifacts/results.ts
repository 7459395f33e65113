// Result artifacts (artifacts §7): a state written with data keeps that data
// in an artifact row, not on the state row. Prefect's Artifact.from_result:
// an object's artifact_key / artifact_type / artifact_description entries are
// removed and become the artifact's key, type and description when truthy;
// anything else is stored as is. {"type": "unpersisted"} and null make none.
// The key is not checked against the key rules (§2.2).
import type { ReceivedEvent } from '../../events/types.ts';
import type { Tx } from '../../orchestration/types.ts';
import { COPIED, insertArtifact, newArtifact, type Copied } from './collections.ts';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether `data` written with a state becomes a result artifact. */
export const makesResultArtifact = (data: unknown): boolean => data !== null && data !== undefined && !(isObject(data) && data.type === 'unpersisted');

/**
 * A truthy string, as Prefect keeps it. Prefect's Artifact model refuses a
 * non-string (the state write then aborts with a 500-like reason); here such a
 * value is dropped like a falsy one, and still removed from the data.
 */
const truthyText = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export interface ResultRunIds {
  flow_run_id: string | null;
  task_run_id: string | null;
}

/**
 * Writes the result artifact of a state's `data` in `tx` (its collection too
 * when the data names a key). Returns its id (null when the data makes none)
 * and the collection event to publish after commit.
 */
export async function writeResultArtifact(tx: Tx, data: unknown, runs: ResultRunIds, now: Date = new Date()): Promise<{ id: string | null; events: ReceivedEvent[] }> {
  if (!makesResultArtifact(data)) return { id: null, events: [] };
  let fields: { key: string | null; type: string | null; description: string | null; data: unknown } = { key: null, type: null, description: null, data };
  if (isObject(data)) {
    const { artifact_key, artifact_type, artifact_description, ...rest } = data;
    fields = { key: truthyText(artifact_key), type: truthyText(artifact_type), description: truthyText(artifact_description), data: rest };
  }
  const artifact = newArtifact({ ...fields, ...runs }, now);
  // On an existing key only the fields set here overwrite the collection's (Prefect's exclude_unset).
  const overwrite = COPIED.filter(
    (c: Copied) =>
      c === 'data' ||
      (c === 'type' && fields.type !== null) ||
      (c === 'description' && fields.description !== null) ||
      ((c === 'flow_run_id' || c === 'task_run_id') && runs[c] !== null),
  );
  const events = await insertArtifact(tx, artifact, overwrite);
  return { id: artifact.id, events };
}
