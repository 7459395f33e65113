// HandlePausingFlows (§4.1): only a RUNNING flow may pause, each pause key
// fires once, and a suspend (pause_reschedule) needs a deployment and no parent.
import { randomUUID } from 'node:crypto';
import type { FlowContext } from '../context.ts';
import { ALL, only, Rule } from '../rule.ts';

export const pauseVerb = (name: string): string => (name === 'Suspended' ? 'suspend' : 'pause');

export class HandlePausingFlows extends Rule<FlowContext> {
  readonly from = ALL;
  readonly to = only('PAUSED');
  private key = '';

  before(ctx: FlowContext) {
    const proposed = ctx.proposed!;
    const verb = pauseVerb(proposed.name);
    if (!ctx.initial) {
      ctx.abort(`Cannot ${verb} flows with no state.`);
      return;
    }
    if (ctx.initial.type !== 'RUNNING') {
      ctx.rejectKeepingCurrent(`Cannot ${verb} flows that are not currently running.`);
      return;
    }
    const sent = proposed.state_details.pause_key;
    this.key = sent == null ? randomUUID() : String(sent);
    if (pauseKeys(ctx).includes(this.key)) {
      ctx.rejectKeepingCurrent(`This ${verb} has already fired.`);
      return;
    }
    if (proposed.state_details.pause_reschedule === true) {
      if (ctx.run.parent_task_run_id) ctx.abort(`Cannot ${verb} subflows.`);
      else if (!ctx.run.deployment_id) ctx.abort(`Cannot ${verb} flows without a deployment.`);
    }
  }

  /** Only an accepted pause gets here; the stored state keeps pause_key as sent. */
  after(ctx: FlowContext) {
    const keys = pauseKeys(ctx);
    if (!keys.includes(this.key)) ctx.updatePolicy({ pause_keys: [...keys, this.key] });
  }
}

function pauseKeys(ctx: FlowContext): string[] {
  const keys = ctx.policy().pause_keys;
  return Array.isArray(keys) ? keys.map(String) : [];
}
