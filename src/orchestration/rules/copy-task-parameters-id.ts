// CopyTaskParametersID (§4.3, background tasks): the stored parameters of a
// deferred task follow it from SCHEDULED to PENDING to RUNNING.
import type { TaskContext } from '../context.ts';
import { only, Rule } from '../rule.ts';

export class CopyTaskParametersID extends Rule<TaskContext> {
  readonly from = only('SCHEDULED', 'PENDING');
  readonly to = only('PENDING', 'RUNNING');

  before(ctx: TaskContext) {
    const details = ctx.proposed!.state_details;
    if (!details.task_parameters_id) details.task_parameters_id = ctx.initial!.state_details.task_parameters_id;
  }
}
