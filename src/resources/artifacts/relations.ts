// GraphQL-only relations of artifacts: Artifact.flow_run / task_run (to-one),
// and FlowRun.artifacts / TaskRun.artifacts with ArtifactFilter, ArtifactSort,
// limit and offset. Artifacts have no foreign keys (artifacts §1.1), so these
// join on the artifact's run-id columns: the lists page per parent in SQL for
// all runs of a level at once (runs/relations.ts), the to-one fields load the
// runs of a level by id in one findMany with the nested selection Pothos
// planned (so relations below still merge). A dangling id gives null.
import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { listArgs } from '../../pagination.ts';
import { FlowRun } from '../flow-runs/types.ts';
import { loaderFor } from '../runs/loaders.ts';
import { GRAPHQL_ONLY, listRelation } from '../runs/relations.ts';
import { TaskRun } from '../task-runs/types.ts';
import { ArtifactFilter } from './filters.ts';
import { ArtifactSort, DEFAULT_ARTIFACT_SORT } from './sort.ts';
import { Artifact, type ArtifactRow } from './types.ts';

type Row = Record<string, unknown>;

/** The runs with these ids, in one statement per level and nested selection. */
function runById(ctx: Context, model: 'flowRun' | 'taskRun', query: object, id: string | null): Promise<Row | null> | null {
  if (!id) return null;
  const select = (query as { select?: Record<string, unknown> }).select;
  const shaped = select ? { ...query, select: { ...select, id: true } } : query;
  const loader = loaderFor<Row | null>(ctx, `Artifact.${model}|${JSON.stringify(query)}`, async (ids) => {
    const delegate = ctx.db[model] as unknown as { findMany(args: object): Promise<Row[]> };
    const rows = await delegate.findMany({ ...shaped, where: { id: { in: [...ids] } } });
    const byId = new Map(rows.map((row) => [row.id as string, row]));
    return ids.map((i) => byId.get(i) ?? null);
  });
  return loader.load(id);
}

builder.objectFields(Artifact, (t) => ({
  flow_run: t.prismaField({
    type: FlowRun,
    nullable: true,
    description: 'The flow run of flow_run_id, when it exists.',
    ...GRAPHQL_ONLY,
    resolve: (query: object, artifact: ArtifactRow, _args: unknown, ctx: Context) => runById(ctx, 'flowRun', query, artifact.flow_run_id),
  } as any),
  task_run: t.prismaField({
    type: TaskRun,
    nullable: true,
    description: 'The task run of task_run_id, when it exists.',
    ...GRAPHQL_ONLY,
    resolve: (query: object, artifact: ArtifactRow, _args: unknown, ctx: Context) => runById(ctx, 'taskRun', query, artifact.task_run_id),
  } as any),
}));

const artifactArgs = builder.args((t) => ({
  filter: t.field({ type: ArtifactFilter.ref, description: ArtifactFilter.argument }),
  sort: t.field({ type: ArtifactSort.ref, defaultValue: DEFAULT_ARTIFACT_SORT, description: 'The order of the results; ties are broken by id.' }),
  ...listArgs,
}));

const artifactsOf = (name: string, parentColumn: string) =>
  listRelation<ArtifactRow>({ name, model: 'Artifact', parentColumn, filter: ArtifactFilter, orderBy: ArtifactSort.orderBy, defaultSort: DEFAULT_ARTIFACT_SORT });

const flowRunArtifacts = artifactsOf('FlowRun.artifacts', 'flow_run_id');
const taskRunArtifacts = artifactsOf('TaskRun.artifacts', 'task_run_id');

builder.prismaObjectField(FlowRun, 'artifacts', (t) =>
  t.field({
    type: [Artifact],
    description: "The run's artifacts (flow_run_id = this run), filtered, sorted and paged like read_artifacts.",
    ...GRAPHQL_ONLY,
    args: artifactArgs,
    resolve: (run, args, ctx, info) => flowRunArtifacts({}, run, args, ctx, info),
  }),
);

builder.prismaObjectField(TaskRun, 'artifacts', (t) =>
  t.field({
    type: [Artifact],
    description: "The task run's artifacts (task_run_id = this run), filtered, sorted and paged like read_artifacts.",
    ...GRAPHQL_ONLY,
    args: artifactArgs,
    resolve: (run, args, ctx, info) => taskRunArtifacts({}, run, args, ctx, info),
  }),
);
