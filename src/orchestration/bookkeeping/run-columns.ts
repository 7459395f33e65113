// Bookkeeping shared by flow and task runs (§5.1): the denormalised state
// columns and the run's timing columns, all derived from state timestamps.
import type { OrchestrationContext } from '../context.ts';
import type { Transform } from '../rule.ts';
import { detailTime } from '../state-details.ts';
import { isFinal } from '../types.ts';

type Ctx = OrchestrationContext;
// Every transform here runs only with a proposal (the engine skips them otherwise).
const proposal = (ctx: Ctx) => ctx.proposed!;

/**
 * The fields of a run's current state that its row repeats, by the State
 * type's field names: written with state_id (write.ts) by the transforms
 * below, so reads may take them from the run (graphql/sql-reads: no join).
 */
export const RUN_STATE_COLUMNS = { id: 'state_id', type: 'state_type', name: 'state_name', timestamp: 'state_timestamp' } as const;

export const SetRunStateType: Transform<Ctx> = {
  name: 'SetRunStateType',
  before: (ctx) => ctx.set('state_type', proposal(ctx).type),
};

export const SetRunStateName: Transform<Ctx> = {
  name: 'SetRunStateName',
  before: (ctx) => ctx.set('state_name', proposal(ctx).name),
};

export const SetRunStateTimestamp: Transform<Ctx> = {
  name: 'SetRunStateTimestamp',
  before: (ctx) => ctx.set('state_timestamp', proposal(ctx).timestamp),
};

/** Only the first RUNNING sets start_time; reruns keep it. */
export const SetStartTime: Transform<Ctx> = {
  name: 'SetStartTime',
  before(ctx) {
    if (proposal(ctx).type === 'RUNNING' && ctx.run.start_time === null) ctx.set('start_time', proposal(ctx).timestamp);
  },
};

/** Leaving a final type clears end_time; entering one sets it once (final → final keeps the first). */
export const SetEndTime: Transform<Ctx> = {
  name: 'SetEndTime',
  before(ctx) {
    const { type, timestamp } = proposal(ctx);
    if (isFinal(ctx.initialType) && !isFinal(type)) ctx.set('end_time', null);
    if (isFinal(type) && ctx.run.end_time === null) {
      ctx.set('end_time', timestamp);
      if (ctx.run.start_time === null) ctx.set('start_time', timestamp);
    }
  },
};

/** Time spent in RUNNING, in seconds (RUNNING → RUNNING counts too). */
export const IncrementRunTime: Transform<Ctx> = {
  name: 'IncrementRunTime',
  before(ctx) {
    if (ctx.initial?.type !== 'RUNNING') return;
    const seconds = (proposal(ctx).timestamp.getTime() - ctx.initial.timestamp.getTime()) / 1000;
    ctx.set('total_run_time', ctx.run.total_run_time + seconds);
  },
};

/** Set once: the first state's scheduled time (SCHEDULED) or timestamp. */
export const SetExpectedStartTime: Transform<Ctx> = {
  name: 'SetExpectedStartTime',
  before(ctx) {
    if (ctx.run.expected_start_time !== null) return;
    const state = proposal(ctx);
    const expected = state.type === 'SCHEDULED' ? detailTime(state.state_details, 'scheduled_time') : state.timestamp;
    ctx.set('expected_start_time', expected);
  },
};

export const SetNextScheduledStartTime: Transform<Ctx> = {
  name: 'SetNextScheduledStartTime',
  before(ctx) {
    if (ctx.initial?.type === 'SCHEDULED') ctx.set('next_scheduled_start_time', null);
    const state = proposal(ctx);
    if (state.type === 'SCHEDULED') ctx.set('next_scheduled_start_time', detailTime(state.state_details, 'scheduled_time'));
  },
};
