// Artifacts (artifacts §2): the Artifact and ArtifactCollection types, with
// their fields in Prefect's order, and the ArtifactCreate / ArtifactUpdate
// inputs with the two scalars their rules need: the key pattern (§2.2) and
// metadata_ as an object of strings, long values truncated (§2.3).
import { checkedScalar } from '../../graphql/scalars.ts';
import type { GraphQLScalarType } from 'graphql';
import { builder } from '../../graphql/builder.ts';
import { InvalidInput } from '../../validation/invalid-input.ts';

/** metadata_ values longer than this (in code points) are cut to it and get "...". */
export const METADATA_VALUE_MAX = 500;

/** §2.2: Python's re.match, whose `$` also matches before one trailing newline. */
const KEY_PATTERN = /^[a-z0-9-]*\n?$/;
export const KEY_MESSAGE = 'Value error, Artifact key must only contain lowercase letters, numbers, and dashes.';

/** §2.3: the first 500 code points and "..." for a longer value. */
export function truncateMetadata(metadata: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (metadata === null || metadata === undefined) return null;
  if (typeof metadata !== 'object' || Array.isArray(metadata)) return metadata;
  return Object.fromEntries(
    Object.entries(metadata).map(([k, v]) => {
      if (typeof v !== 'string') return [k, v];
      const points = [...v];
      return [k, points.length > METADATA_VALUE_MAX ? `${points.slice(0, METADATA_VALUE_MAX).join('')}...` : v];
    }),
  );
}

const KeyScalar = checkedScalar(null, {
  name: 'ArtifactKey',
  description: 'An artifact key: lowercase letters, digits and dashes (the empty string too).',
  parse: (v) => {
    if (typeof v !== 'string') throw new InvalidInput('string_type', 'Input should be a valid string');
    if (!KEY_PATTERN.test(v)) throw new InvalidInput('value_error', KEY_MESSAGE, { error: {} });
    return v;
  },
});

const MetadataScalar = checkedScalar(null, {
  name: 'ArtifactMetadata',
  description: `An object of string values; a value longer than ${METADATA_VALUE_MAX} characters is cut to ${METADATA_VALUE_MAX} and "..." is added.`,
  parse: (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new InvalidInput('dict_type', 'Input should be a valid dictionary');
    for (const [key, value] of Object.entries(v)) {
      if (typeof value !== 'string') throw new InvalidInput('string_type', 'Input should be a valid string', undefined, { loc: [key], input: value });
    }
    return truncateMetadata(v as Record<string, unknown>);
  },
});

const scalars = builder as unknown as { addScalarType(name: string, scalar: GraphQLScalarType, options: object): unknown };
export const ArtifactKey = scalars.addScalarType('ArtifactKey', KeyScalar, {}) as any;
export const ArtifactMetadata = scalars.addScalarType('ArtifactMetadata', MetadataScalar, {}) as any;

/** An artifact row (or a collection row in the artifact's shape, for read_latest_artifact). */
export interface ArtifactRow {
  id: string;
  created: Date;
  updated: Date;
  key: string | null;
  type: string | null;
  description: string | null;
  data: unknown;
  metadata_: unknown;
  flow_run_id: string | null;
  task_run_id: string | null;
}

export interface ArtifactCollectionRow extends Omit<ArtifactRow, 'key'> {
  key: string;
  latest_id: string;
}

/** The columns both tables share, in Prefect's field order (§2.5, §2.6). */
const contentFields = (t: any) => ({
  type: t.string({
    nullable: true,
    description: "An identifier that describes the shape of the data field. e.g. 'result', 'table', 'markdown'",
    resolve: (a: ArtifactRow) => a.type,
  }),
  description: t.string({ nullable: true, description: 'A markdown-enabled description of the artifact.', resolve: (a: ArtifactRow) => a.description }),
  data: t.field({ type: 'JSON', nullable: true, description: 'Any JSON value.', resolve: (a: ArtifactRow) => a.data ?? null }),
  metadata_: t.field({
    type: 'JSON',
    nullable: true,
    description: 'User-defined string metadata.',
    // Prefect truncates when it renders too (rows written by other means).
    resolve: (a: ArtifactRow) => truncateMetadata(a.metadata_ as Record<string, unknown> | null),
  }),
  flow_run_id: t.field({
    type: 'UUID',
    nullable: true,
    description: 'The flow run associated with the artifact (not checked to exist).',
    resolve: (a: ArtifactRow) => a.flow_run_id,
  }),
  task_run_id: t.field({
    type: 'UUID',
    nullable: true,
    description: 'The task run associated with the artifact (not checked to exist).',
    resolve: (a: ArtifactRow) => a.task_run_id,
  }),
});

export const Artifact = builder.objectRef<ArtifactRow>('Artifact').implement({
  description: 'An artifact: one version of a key, or an unkeyed artifact.',
  fields: (t) => ({
    id: t.field({ description: 'The id of the artifact.', type: 'UUID', resolve: (a) => a.id }),
    created: t.field({ description: 'When the artifact was created.', type: 'DateTime', resolve: (a) => a.created }),
    updated: t.field({ description: 'When the artifact was last updated.', type: 'DateTime', resolve: (a) => a.updated }),
    key: t.string({ nullable: true, description: 'An optional reference key; many versions may share it.', resolve: (a) => a.key }),
    ...contentFields(t),
  }),
});

export const ArtifactCollection = builder.objectRef<ArtifactCollectionRow>('ArtifactCollection').implement({
  description: "The latest artifact of a key: the collection row's own id and times, and a copy of the latest version's values.",
  fields: (t) => ({
    id: t.field({ description: 'The id of the artifact collection.', type: 'UUID', resolve: (a) => a.id }),
    created: t.field({ description: 'When the artifact collection was created.', type: 'DateTime', resolve: (a) => a.created }),
    updated: t.field({ description: 'When the artifact collection was last updated.', type: 'DateTime', resolve: (a) => a.updated }),
    key: t.string({ description: 'An optional unique reference key for this artifact.', resolve: (a) => a.key }),
    latest_id: t.field({ type: 'UUID', description: 'The latest artifact ID associated with the key.', resolve: (a) => a.latest_id }),
    ...contentFields(t),
  }),
});

export interface ArtifactCreateInput {
  key?: string | null;
  type?: string | null;
  description?: string | null;
  data?: unknown;
  metadata_?: Record<string, string> | null;
  flow_run_id?: string | null;
  task_run_id?: string | null;
}

export type ArtifactUpdateInput = Pick<ArtifactCreateInput, 'data' | 'description' | 'metadata_'>;

export const ArtifactCreate = builder.inputType('ArtifactCreate', {
  description: 'Data used by the Prefect REST API to create an artifact. Unknown keys are refused.',
  fields: (t) => ({
    key: t.field({ type: ArtifactKey, description: 'An optional unique reference key for this artifact.' }),
    type: t.string({ description: "An identifier that describes the shape of the data field. e.g. 'result', 'table', 'markdown'" }),
    description: t.string({ description: 'A markdown-enabled description of the artifact.' }),
    data: t.field({ type: 'JSON', description: 'Any JSON value.' }),
    metadata_: t.field({ type: ArtifactMetadata, description: 'User-defined string metadata.' }),
    flow_run_id: t.field({ type: 'UUID', description: 'The flow run associated with the artifact.' }),
    task_run_id: t.field({ type: 'UUID', description: 'The task run associated with the artifact.' }),
  }),
});

export const ArtifactUpdate = builder.inputType('ArtifactUpdate', {
  description: 'Data used by the Prefect REST API to update an artifact. Only the fields sent are written; unknown keys are refused.',
  fields: (t) => ({
    data: t.field({ description: 'Data associated with the artifact, e.g. a result.; structure depends on the artifact type.', type: 'JSON' }),
    description: t.string({ description: 'A markdown-enabled description of the artifact.' }),
    metadata_: t.field({ description: 'User-defined artifact metadata. Content must be string key and value pairs.', type: ArtifactMetadata }),
  }),
});
