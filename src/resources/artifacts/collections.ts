// Artifact writes and the bookkeeping of "latest per key" (artifacts §4), all
// inside the caller's transaction. Used by the artifact routes and by result
// artifacts written with a state (§7).
//
// Which version is latest: the newest, i.e. the greatest (created, id). Ids
// are UUIDv7 minted from the artifact's `created`, so that order is the ids'
// order, and the collection upsert (one INSERT ... ON CONFLICT (key) DO UPDATE)
// only moves a collection forward: `WHERE excluded.latest_id > latest_id`.
// Prefect lets the last upsert win, which under concurrency can leave an older
// version latest; here concurrent creates on one key always end on the newest,
// decided by the database row lock, never by comparing clocks in JavaScript.
// The delete fallback (the newest remaining version, §4.3) uses the same order.
import { Prisma } from '../../generated/sqlite/client.ts';
import type { ReceivedEvent } from '../../events/types.ts';
import { dialectOf } from '../../orchestration/transaction.ts';
import type { Tx } from '../../orchestration/types.ts';
import { uuid7 } from '../../orchestration/uuid7.ts';
import { randomUUID } from 'node:crypto';
import { collectionEvent } from './events.ts';
import type { ArtifactCollectionRow, ArtifactRow } from './types.ts';

/** The collection columns copied from the latest version. */
export const COPIED = ['type', 'description', 'data', 'metadata_', 'flow_run_id', 'task_run_id'] as const;
export type Copied = (typeof COPIED)[number];

const json = (value: unknown) => (value === null || value === undefined ? Prisma.DbNull : (value as Prisma.InputJsonValue));

/** A new artifact row (not yet stored): a UUIDv7 of its `created`. */
export function newArtifact(fields: Partial<Omit<ArtifactRow, 'id' | 'created' | 'updated'>>, now: Date = new Date()): ArtifactRow {
  return {
    id: uuid7(now.getTime()),
    created: now,
    updated: now,
    key: fields.key ?? null,
    type: fields.type ?? null,
    description: fields.description ?? null,
    data: fields.data ?? null,
    metadata_: fields.metadata_ ?? null,
    flow_run_id: fields.flow_run_id ?? null,
    task_run_id: fields.task_run_id ?? null,
  };
}

/**
 * Inserts `artifact` and, when it has a key, moves its collection to it
 * (`overwrite`: the copied columns an existing collection takes from it; the
 * routes overwrite all of them, result artifacts only those they set, §7).
 * Returns the collection event to publish after commit.
 */
export async function insertArtifact(tx: Tx, artifact: ArtifactRow, overwrite: readonly Copied[] = COPIED): Promise<ReceivedEvent[]> {
  await tx.artifact.create({ data: { ...artifact, data: json(artifact.data), metadata_: json(artifact.metadata_) } });
  if (artifact.key === null) return [];
  const moved = await upsertCollection(tx, artifact, overwrite);
  return moved ? [collectionEvent(moved.created ? 'created' : 'updated', moved.row)] : [];
}

/** The upsert of §4.1 with the forward-only guard; null when a newer version is already latest. */
async function upsertCollection(tx: Tx, artifact: ArtifactRow, overwrite: readonly Copied[]): Promise<{ row: ArtifactCollectionRow; created: boolean } | null> {
  const pg = dialectOf(tx) === 'postgresql';
  const collectionId = randomUUID();
  const values: unknown[] = [];
  const slot = (value: unknown, cast: string) => {
    if (pg) {
      values.push(value instanceof Date ? value.toISOString() : value);
      return `$${values.length}${cast}`;
    }
    values.push(value);
    return '?';
  };
  const text = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));
  const uuid = pg ? '::uuid' : '';
  const columns: [string, string][] = [
    ['id', slot(collectionId, uuid)],
    ['created', slot(artifact.created, '::timestamptz')],
    ['updated', slot(artifact.updated, '::timestamptz')],
    ['key', slot(artifact.key, '')],
    ['latest_id', slot(artifact.id, uuid)],
    ['type', slot(artifact.type, '')],
    ['description', slot(artifact.description, '')],
    ['data', slot(text(artifact.data), pg ? '::jsonb' : '')],
    ['metadata_', slot(text(artifact.metadata_), pg ? '::jsonb' : '')],
    ['flow_run_id', slot(artifact.flow_run_id, uuid)],
    ['task_run_id', slot(artifact.task_run_id, uuid)],
  ];
  const set = ['latest_id', 'updated', ...overwrite].map((c) => `"${c}" = excluded."${c}"`).join(', ');
  const sql =
    `INSERT INTO artifact_collection (${columns.map(([c]) => `"${c}"`).join(', ')}) VALUES (${columns.map(([, s]) => s).join(', ')}) ` +
    `ON CONFLICT (key) DO UPDATE SET ${set} WHERE excluded.latest_id > artifact_collection.latest_id ` +
    `RETURNING ${pg ? 'id::text AS id' : 'id'}`;
  const returned = await tx.$queryRawUnsafe<{ id: string }[]>(sql, ...values);
  if (returned.length === 0) return null;
  const row = (await tx.artifactCollection.findUnique({ where: { id: returned[0].id } })) as ArtifactCollectionRow;
  return { row, created: returned[0].id === collectionId };
}

/**
 * Deletes an artifact (§4.3): when it is its key's latest, the collection falls
 * back to the newest remaining version (taking its values and its created and
 * updated) or is removed with the last one. Null when there is no such artifact.
 */
export async function removeArtifact(tx: Tx, id: string): Promise<ReceivedEvent[] | null> {
  const artifact = await tx.artifact.findUnique({ where: { id } });
  if (!artifact) return null;
  const events: ReceivedEvent[] = [];
  const collection = artifact.key === null ? null : await tx.artifactCollection.findFirst({ where: { key: artifact.key, latest_id: id } });
  if (collection) {
    const next = await tx.artifact.findFirst({ where: { key: artifact.key, id: { not: id } }, orderBy: [{ created: 'desc' }, { id: 'desc' }] });
    // Conditional on latest_id: a create that moved the collection meanwhile keeps it.
    const still = { id: collection.id, latest_id: id };
    if (next) {
      const { count } = await tx.artifactCollection.updateMany({
        where: still,
        data: {
          latest_id: next.id,
          type: next.type,
          description: next.description,
          data: json(next.data),
          metadata_: json(next.metadata_),
          flow_run_id: next.flow_run_id,
          task_run_id: next.task_run_id,
          created: next.created,
          updated: next.updated,
        },
      });
      if (count > 0) events.push(collectionEvent('updated', (await tx.artifactCollection.findUnique({ where: { id: collection.id } })) as ArtifactCollectionRow));
    } else {
      const { count } = await tx.artifactCollection.deleteMany({ where: still });
      if (count > 0) events.push(collectionEvent('deleted', collection as ArtifactCollectionRow));
    }
  }
  const { count } = await tx.artifact.deleteMany({ where: { id } });
  return count > 0 ? events : null;
}

/** PATCH (§3.4): the fields sent, on the artifact and on a collection whose latest it is. False when neither exists. */
export async function patchArtifact(tx: Tx, id: string, fields: { data?: unknown; description?: string | null; metadata_?: unknown }, now: Date = new Date()): Promise<boolean> {
  const data: Record<string, unknown> = { updated: now };
  if ('data' in fields) data.data = json(fields.data);
  if ('description' in fields) data.description = fields.description ?? null;
  if ('metadata_' in fields) data.metadata_ = json(fields.metadata_);
  const artifact = await tx.artifact.updateMany({ where: { id }, data });
  const collection = await tx.artifactCollection.updateMany({ where: { latest_id: id }, data });
  return artifact.count + collection.count > 0;
}
