// Rule mechanics (§3.3): compile the policy for the original pair (I, P), run
// the before hooks in order, the global transforms, the write, then the after
// phase in reverse order of entry.
import type { OrchestrationContext } from './context.ts';
import type { Policy, Rule, Transform } from './rule.ts';
import type { StateTypeOrNone } from './types.ts';

export async function orchestrate<C extends OrchestrationContext>(ctx: C, policy: Policy<C>, transforms: readonly Transform<C>[], write: (ctx: C) => Promise<void>): Promise<void> {
  const initialType = ctx.initialType;
  const originalType = ctx.proposedType;
  const fired: { rule: Rule<C>; target: StateTypeOrNone }[] = [];

  for (const RuleClass of policy.rules) {
    const rule = new RuleClass();
    if (!rule.from.has(initialType) || !rule.to.has(originalType)) continue;
    // Once an earlier rule cancelled the proposal or replaced it with another
    // type, the transition these rules were compiled for no longer exists.
    if (ctx.proposedType !== originalType) continue;
    ctx.ruleTarget = originalType;
    await rule.before(ctx);
    fired.push({ rule, target: ctx.ruleTarget });
  }

  // Global transforms see the final proposal; with nothing to write they do nothing.
  for (const transform of transforms) if (ctx.proposed && transform.before) await transform.before(ctx);

  await write(ctx);

  for (const transform of [...transforms].reverse()) if (ctx.proposed && transform.after) await transform.after(ctx);

  const finalType = ctx.proposedType;
  for (const { rule, target } of fired.reverse()) {
    // A rule that turned the proposal into something outside its own TO set
    // (say RetryFailedFlows: FAILED → SCHEDULED) has nothing left to do.
    if (!rule.to.has(target)) continue;
    if (finalType === target) await rule.after(ctx);
    else await rule.cleanup(ctx);
  }
}
