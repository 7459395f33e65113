// UITaskRun (§7.7): the TaskRun JSON (flows-and-runs §3.4) plus `flow_run_name`,
// read in the same statement as the task run (a joined select).
import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { taskRunPolicy } from '../runs/policy.ts';
import { runTimingFields } from '../runs/run-times.ts';
import { State } from '../states/types.ts';
import { currentState } from '../states/current.ts';
import { TaskRunPolicy } from '../task-runs/types.ts';

export const UITaskRun = builder.prismaObject('TaskRun', {
  variant: 'UITaskRun',
  description: 'A task run with the name of its flow run (null without one).',
  fields: (t) => ({
    id: t.expose('id', { type: 'UUID' }),
    created: t.expose('created', { type: 'DateTime' }),
    updated: t.expose('updated', { type: 'DateTime' }),
    name: t.exposeString('name'),
    flow_run_id: t.expose('flow_run_id', { type: 'UUID', nullable: true }),
    task_key: t.exposeString('task_key'),
    dynamic_key: t.exposeString('dynamic_key'),
    cache_key: t.exposeString('cache_key', { nullable: true }),
    cache_expiration: t.expose('cache_expiration', { type: 'DateTime', nullable: true }),
    task_version: t.exposeString('task_version', { nullable: true }),
    empirical_policy: t.field({ type: TaskRunPolicy, resolve: (r) => taskRunPolicy(r.empirical_policy) }),
    tags: t.field({ type: ['String'], resolve: (r) => r.tags as string[] }),
    labels: t.field({ type: 'KeyValueLabels', nullable: true, resolve: (r) => r.labels }),
    state_id: t.expose('state_id', { type: 'UUID', nullable: true }),
    task_inputs: t.expose('task_inputs', { type: 'JSON' }),
    state_type: t.exposeString('state_type', { nullable: true }),
    state_name: t.exposeString('state_name', { nullable: true }),
    run_count: t.exposeInt('run_count'),
    flow_run_run_count: t.exposeInt('flow_run_run_count'),
    expected_start_time: t.expose('expected_start_time', { type: 'DateTime', nullable: true }),
    next_scheduled_start_time: t.expose('next_scheduled_start_time', { type: 'DateTime', nullable: true }),
    ...runTimingFields(t),
    state: t.field({ type: State, nullable: true, resolve: (r: { state_id?: string | null }, _args: unknown, ctx: Context) => currentState(ctx, 'TaskRunState', r as never) }),
    flow_run_name: t.string({
      nullable: true,
      description: 'The name of the flow run the task run belongs to.',
      select: { flow_run: { select: { name: true } } },
      resolve: (r) => r.flow_run?.name ?? null,
    }),
  }),
});
