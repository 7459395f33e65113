// CopyScheduledTime (§4.2): PENDING inherits the SCHEDULED state's time unless it brings its own.
import type { OrchestrationContext } from '../context.ts';
import { only, Rule } from '../rule.ts';

export class CopyScheduledTime extends Rule {
  readonly from = only('SCHEDULED');
  readonly to = only('PENDING');

  before(ctx: OrchestrationContext) {
    const details = ctx.proposed!.state_details;
    if (!details.scheduled_time) details.scheduled_time = ctx.initial!.state_details.scheduled_time;
  }
}
