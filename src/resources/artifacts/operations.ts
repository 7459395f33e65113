// Root fields for artifacts, named after Prefect's operations (api/artifacts.py).
import { builder } from '../../graphql/builder.ts';
import { listArgs } from '../../pagination.ts';
import { DeploymentFilter } from '../deployments/filters.ts';
import { FlowFilter } from '../flows/filters.ts';
import { FlowRunFilter } from '../flow-runs/filters.ts';
import { TaskRunFilter } from '../task-runs/filters.ts';
import { ArtifactCollectionFilter, ArtifactFilter } from './filters.ts';
import './relations.ts';
import { countRows, createArtifact, deleteArtifact, readArtifact, readLatestArtifact, readRows, updateArtifact } from './service.ts';
import { ArtifactCollectionSort, ArtifactSort, DEFAULT_ARTIFACT_SORT } from './sort.ts';
import { Artifact, ArtifactCollection, ArtifactCreate, ArtifactUpdate, type ArtifactCollectionRow, type ArtifactRow } from './types.ts';

const related = builder.args((t) => ({
  flow_runs: t.field({ type: FlowRunFilter.ref, description: FlowRunFilter.argument }),
  task_runs: t.field({ type: TaskRunFilter.ref, description: TaskRunFilter.argument }),
  flows: t.field({ type: FlowFilter.ref, description: FlowFilter.argument }),
  deployments: t.field({ type: DeploymentFilter.ref, description: DeploymentFilter.argument }),
}));
const artifactArgs = builder.args((t) => ({ artifacts: t.field({ type: ArtifactFilter.ref, description: ArtifactFilter.argument }), ...related }));
const collectionArgs = builder.args((t) => ({ artifacts: t.field({ type: ArtifactCollectionFilter.ref, description: ArtifactCollectionFilter.argument }), ...related }));

builder.queryFields((t) => ({
  read_artifact: t.field({
    type: Artifact,
    description: 'Retrieve an artifact from the database.',
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The ID of the artifact to retrieve.' }) },
    resolve: (_root, args, ctx) => readArtifact(ctx, args.id),
  }),
  read_latest_artifact: t.field({
    type: Artifact,
    description: "The latest artifact of a key: its collection row in the artifact's shape (the collection's id and times).",
    args: { key: t.arg.string({ required: true, description: 'The key of the artifact to retrieve.' }) },
    resolve: (_root, args, ctx) => readLatestArtifact(ctx, args.key),
  }),
  read_artifacts: t.field({
    type: [Artifact],
    description: 'Retrieve artifacts from the database.',
    args: {
      ...artifactArgs,
      sort: t.arg({ description: 'The order of the artifacts; ties are broken by id.', type: ArtifactSort.ref, defaultValue: DEFAULT_ARTIFACT_SORT }),
      ...listArgs,
    },
    resolve: (_root, args, ctx) => readRows<ArtifactRow>(ctx, 'Artifact', ArtifactFilter, args, ArtifactSort.orderBy(args.sort ?? DEFAULT_ARTIFACT_SORT)),
  }),
  read_latest_artifacts: t.field({
    type: [ArtifactCollection],
    description: 'Retrieve the latest artifact of each key (artifact collections).',
    args: {
      ...collectionArgs,
      sort: t.arg({ description: 'The order of the artifact collections; ties are broken by id.', type: ArtifactCollectionSort.ref, defaultValue: DEFAULT_ARTIFACT_SORT }),
      ...listArgs,
    },
    resolve: (_root, args, ctx) =>
      readRows<ArtifactCollectionRow>(ctx, 'ArtifactCollection', ArtifactCollectionFilter, args, ArtifactCollectionSort.orderBy(args.sort ?? DEFAULT_ARTIFACT_SORT)),
  }),
  count_artifacts: t.int({
    description: 'Count artifacts from the database.',
    args: artifactArgs,
    resolve: (_root, args, ctx) => countRows(ctx, 'Artifact', ArtifactFilter, args),
  }),
  count_latest_artifacts: t.int({
    description: 'Count artifact collections (distinct keys).',
    args: collectionArgs,
    resolve: (_root, args, ctx) => countRows(ctx, 'ArtifactCollection', ArtifactCollectionFilter, args),
  }),
}));

builder.mutationFields((t) => ({
  create_artifact: t.field({
    type: Artifact,
    description: "Create an artifact; with a key it becomes that key's latest version.",
    args: { artifact: t.arg({ description: 'Data used by the Prefect REST API to create an artifact.', type: ArtifactCreate, required: true }) },
    resolve: (_root, args, ctx) => createArtifact(ctx, args.artifact),
  }),
  update_artifact: t.boolean({
    description: 'Update an artifact (data, description, metadata_: only those sent); the collection too when it is the latest.',
    args: {
      id: t.arg({ type: 'UUID', required: true, description: 'The ID of the artifact to update.' }),
      artifact: t.arg({ description: 'Data used by the Prefect REST API to update an artifact.', type: ArtifactUpdate, required: true }),
    },
    resolve: (_root, args, ctx) => updateArtifact(ctx, args.id, args.artifact),
  }),
  delete_artifact: t.boolean({
    description: 'Delete an artifact; its collection falls back to the previous version or is removed.',
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The ID of the artifact to delete.' }) },
    resolve: (_root, args, ctx) => deleteArtifact(ctx, args.id),
  }),
}));
