// UITaskRun (§7.7): the TaskRun JSON (flows-and-runs §3.4) plus `flow_run_name`,
// read in the same statement as the task run (a joined select).
import { builder } from '../../graphql/builder.ts';
import { taskRunJsonFields } from '../task-runs/types.ts';

export const UITaskRun = builder.prismaObject('TaskRun', {
  variant: 'UITaskRun',
  description: 'A task run with the name of its flow run (null without one).',
  fields: (t) => ({
    ...taskRunJsonFields(t),
    flow_run_name: t.string({
      nullable: true,
      description: 'The name of the flow run the task run belongs to.',
      select: { flow_run: { select: { name: true } } },
      resolve: (r) => r.flow_run?.name ?? null,
    }),
  }),
});
