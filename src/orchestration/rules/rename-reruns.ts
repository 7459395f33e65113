// RenameReruns (§4.2, task policies): a task entering RUNNING again is
// "Retrying" after AwaitingRetry, "Rerunning" otherwise (the client's name is overridden).
import type { TaskContext } from '../context.ts';
import { ALL, only, Rule } from '../rule.ts';

export class RenameReruns extends Rule<TaskContext> {
  readonly from = ALL;
  readonly to = only('RUNNING');

  before(ctx: TaskContext) {
    // run_count before this transition's increment (the transforms run later).
    if (!ctx.initial || ctx.run.run_count <= 0) return;
    ctx.rename(ctx.initial.name === 'AwaitingRetry' ? 'Retrying' : 'Rerunning');
  }
}
