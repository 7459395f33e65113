// Which artifacts (or collections) a list/count request means (artifacts
// §5.3), compiled straight to SQL. artifact.flow_run_id / task_run_id have no
// foreign key and so no Prisma relation, and flow_run.deployment_id has none
// either: Prisma cannot express these EXISTS. The filters still compile
// through the one filter layer (Prisma-shaped where objects); the SQL compiler
// (src/filters/sql/where.ts) turns them into SQL over a copy of the model map
// that adds those joins as to-one relations (`flow_run`, `task_run` on both
// artifact tables, `deployment` on flow runs). Nothing else changes: a related
// filter, even `{}`, becomes one EXISTS (an IN subquery on SQLite) on the row's
// run id, so NULL or dangling run ids never match it, as in Prefect.
import type { Context } from '../../graphql/context.ts';
import { and, given, isRelated, own, toWhere, type Condition } from '../../filters/related.ts';
import { TRUE } from '../../filters/condition.ts';
import type { FilterDef } from '../../filters/define.ts';
import { modelsOf, type ModelInfo, type Models, type Relation } from '../../filters/sql/datamodel.ts';
import { FlowFilter } from '../flows/filters.ts';
import { FlowRunFilter } from '../flow-runs/filters.ts';
import { TaskRunFilter } from '../task-runs/filters.ts';
import { DeploymentFilter } from '../deployments/filters.ts';

export type ArtifactModel = 'Artifact' | 'ArtifactCollection';

export interface ArtifactListArgs {
  artifacts?: Record<string, unknown> | null;
  flow_runs?: Record<string, unknown> | null;
  task_runs?: Record<string, unknown> | null;
  flows?: Record<string, unknown> | null;
  deployments?: Record<string, unknown> | null;
}

const toOne = (model: string, mine: string): Relation => ({ model, isList: false, on: [[mine, 'id']] });

const withRelations = (model: ModelInfo, extra: Record<string, Relation>): ModelInfo => ({
  ...model,
  relations: new Map([...model.relations, ...Object.entries(extra)]),
});

const cache = new WeakMap<Models, Models>();

/** The model map with the joins that have no foreign key (see the header). */
export function artifactModels(ctx: Context): Models {
  const models = modelsOf(ctx.db);
  let extended = cache.get(models);
  if (!extended) {
    const runs = { flow_run: toOne('FlowRun', 'flow_run_id'), task_run: toOne('TaskRun', 'task_run_id') };
    extended = new Map(models);
    extended.set('Artifact', withRelations(models.get('Artifact')!, runs));
    extended.set('ArtifactCollection', withRelations(models.get('ArtifactCollection')!, runs));
    extended.set('FlowRun', withRelations(models.get('FlowRun')!, { deployment: toOne('Deployment', 'deployment_id') }));
    cache.set(models, extended);
  }
  return extended;
}

/** The rows `args` select: the table's own filter AND the flow-side EXISTS AND the task-side EXISTS. */
export function artifactCondition(own_: FilterDef, args: ArtifactListArgs, ctx: Context): Condition {
  const flowSide = given(args.flow_runs) || given(args.flows) || given(args.deployments);
  return and([
    own(own_, args.artifacts, ctx),
    flowSide
      ? isRelated('flow_run', [
          own(FlowRunFilter, args.flow_runs, ctx),
          given(args.flows) ? isRelated('flow', [own(FlowFilter, args.flows, ctx)]) : TRUE,
          given(args.deployments) ? isRelated('deployment', [own(DeploymentFilter, args.deployments, ctx)]) : TRUE,
        ])
      : TRUE,
    given(args.task_runs) ? isRelated('task_run', [own(TaskRunFilter, args.task_runs, ctx)]) : TRUE,
  ]);
}

export const artifactWhere = (filter: FilterDef, args: ArtifactListArgs, ctx: Context) => toWhere(artifactCondition(filter, args, ctx));
