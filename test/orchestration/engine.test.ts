// Rule mechanics (§3.3) with made-up rules, no database: which rules fire,
// in which order the hooks run, and when after() or cleanup() is called.
import { describe, expect, it } from 'vitest';
import { FlowContext, type FlowRunWithState } from '../../src/orchestration/context.ts';
import { orchestrate } from '../../src/orchestration/engine.ts';
import { ALL, only, Rule, type Policy, type Transform } from '../../src/orchestration/rule.ts';
import { makeState } from '../../src/orchestration/states.ts';
import type { StateType, Tx } from '../../src/orchestration/types.ts';

function context(initial: StateType | null, proposed: StateType) {
  const run = { id: 'run', empirical_policy: {} } as unknown as FlowRunWithState;
  return new FlowContext({} as Tx, run, initial ? makeState(initial) : null, makeState(proposed), { apiVersion: null, clientVersion: null });
}

/** Builds a rule class that logs its hooks and does `act` in before(). */
function rule(name: string, log: string[], from: Rule['from'], to: Rule['to'], act: (ctx: FlowContext) => void = () => {}) {
  return class extends Rule<FlowContext> {
    readonly from = from;
    readonly to = to;
    before(ctx: FlowContext) {
      log.push(`${name}.before`);
      act(ctx);
    }
    after() {
      log.push(`${name}.after`);
    }
    cleanup() {
      log.push(`${name}.cleanup`);
    }
  };
}

const noWrite = async () => {};

describe('orchestration engine', () => {
  it('keeps only rules whose FROM and TO sets hold the original pair', async () => {
    const log: string[] = [];
    const policy: Policy<FlowContext> = {
      name: 'test',
      rules: [rule('fromRunning', log, only('RUNNING'), ALL), rule('toFailed', log, ALL, only('FAILED')), rule('both', log, only('PENDING'), only('RUNNING'))],
    };
    await orchestrate(context('PENDING', 'RUNNING'), policy, [], noWrite);
    expect(log).toEqual(['both.before', 'both.after']);
  });

  it('stops firing rules once the proposal changed type, runs after/cleanup in reverse order', async () => {
    const log: string[] = [];
    const policy: Policy<FlowContext> = {
      name: 'test',
      rules: [rule('first', log, ALL, ALL), rule('replacer', log, ALL, only('FAILED'), (ctx) => ctx.rejectWith(makeState('SCHEDULED'), 'replaced')), rule('late', log, ALL, ALL)],
    };
    const ctx = context('RUNNING', 'FAILED');
    await orchestrate(ctx, policy, [], noWrite);
    // first: fizzled (proposal is no longer FAILED); replacer: its target SCHEDULED is outside its TO set.
    expect(log).toEqual(['first.before', 'replacer.before', 'first.cleanup']);
    expect(ctx.status).toBe('REJECT');
    expect(ctx.proposed?.type).toBe('SCHEDULED');
  });

  it('lets later rules fire after a replacement of the same type', async () => {
    const log: string[] = [];
    const policy: Policy<FlowContext> = {
      name: 'test',
      rules: [rule('same', log, ALL, ALL, (ctx) => ctx.rejectWith(ctx.proposed!, 'kept type')), rule('next', log, ALL, ALL)],
    };
    const ctx = context('RUNNING', 'COMPLETED');
    await orchestrate(ctx, policy, [], noWrite);
    expect(log).toEqual(['same.before', 'next.before', 'next.after', 'same.after']);
    expect(ctx.details).toEqual({ type: 'reject_details', reason: 'kept type' });
  });

  it('runs after() of a rule whose TO set holds "none" when it cancelled the proposal itself', async () => {
    const log: string[] = [];
    const policy: Policy<FlowContext> = {
      name: 'test',
      rules: [rule('keeper', log, ALL, ALL, (ctx) => ctx.rejectKeepingCurrent('kept')), rule('narrow', log, ALL, only('PENDING'), (ctx) => ctx.abort('never'))],
    };
    const ctx = context('PAUSED', 'PENDING');
    await orchestrate(ctx, policy, [], noWrite);
    expect(log).toEqual(['keeper.before', 'keeper.after']);
    expect(ctx.proposed).toBeNull();
  });

  it('lets the last reject/wait/abort decide status and details', async () => {
    const log: string[] = [];
    const policy: Policy<FlowContext> = {
      name: 'test',
      rules: [rule('rename', log, ALL, ALL, (ctx) => ctx.rejectWith(ctx.proposed!, 'first reason')), rule('waiter', log, ALL, ALL, (ctx) => ctx.wait(3, 'second reason'))],
    };
    const ctx = context('SCHEDULED', 'RUNNING');
    await orchestrate(ctx, policy, [], noWrite);
    expect(ctx.status).toBe('WAIT');
    expect(ctx.details).toEqual({ type: 'wait_details', delay_seconds: 3, reason: 'second reason' });
  });

  it('runs transforms after the rules, skips them when nothing is written, and calls after() after the write', async () => {
    const log: string[] = [];
    const transform: Transform<FlowContext> = { name: 't', before: () => void log.push('t.before'), after: () => void log.push('t.after') };
    const policy: Policy<FlowContext> = { name: 'test', rules: [rule('r', log, ALL, ALL)] };
    await orchestrate(context('PENDING', 'RUNNING'), policy, [transform], async () => void log.push('write'));
    expect(log).toEqual(['r.before', 't.before', 'write', 't.after', 'r.after']);

    log.length = 0;
    const aborting: Policy<FlowContext> = { name: 'test', rules: [rule('a', log, ALL, ALL, (ctx) => ctx.abort('no'))] };
    await orchestrate(context('PENDING', 'RUNNING'), aborting, [transform], async () => void log.push('write'));
    expect(log).toEqual(['a.before', 'write', 'a.after']);
  });

  it('refuses to reject without a replacement when the run has no state', () => {
    const ctx = context(null, 'RUNNING');
    expect(() => ctx.rejectKeepingCurrent('x')).toThrow(/no state/);
  });
});
