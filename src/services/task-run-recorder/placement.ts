// Where a recorded state goes in its task run's history, at millisecond
// precision.
//
// Prefect keeps state timestamps in microseconds; the unique index
// (task_run_id, timestamp) of task_run_state never meets two states of one
// task run in practice. This server keeps milliseconds (JavaScript dates), so
// the Running and Completed states of a trivial task often fall in the same
// millisecond, and storing both as sent would lose one. Instead every distinct
// state is kept: a state whose millisecond is taken moves on by 1 ms, as
// orchestration's EnsureStateTimestampIsUnique does, and stored states are
// moved on by 1 ms when a state that happened before them arrives later. The
// order of the history (and so which state is the task run's current one) is
// the order the states occurred in:
// - across milliseconds, by their millisecond;
// - within one flush, by the events' full-precision times (microseconds from
//   the SDK's `prefect.state-timestamp` label);
// - against states stored by earlier flushes, whose microseconds are no longer
//   known (unless the flush carries their events again), by the SDK's
//   `follows` chain: a state goes right after the state it follows, and before
//   the stored states of its millisecond when it follows a state of an earlier
//   millisecond or follows nothing (the SDK links every state to the one before
//   it within 5 minutes, so a state without a link is the first of its chain);
//   when it follows a state not stored yet, after them (arrival order).
// Known limit: a producer that sends no `follows` at all and whose states of
// one millisecond reach the recorder in separate flushes gets them in reverse.

export interface PlacedState {
  id: string;
  /** Stored timestamp, ms since the epoch; unique per task run. */
  slot: number;
  /** Full-precision time, known for states this flush writes or carries the events of again. */
  micros?: number;
}

export interface Arrival {
  id: string;
  micros: number;
  follows: string | null;
}

export interface Placement {
  slot: number;
  /** Stored states to move one ms later, latest first (so no two ever share a timestamp). */
  shifts: { id: string; slot: number }[];
}

/** Places `arrival` among `states` (updated in place, the arrival included). */
export function placeState(states: Map<number, PlacedState>, arrival: Arrival): Placement {
  const floor = Math.floor(arrival.micros / 1000);
  const run: PlacedState[] = [];
  for (let slot = floor; states.has(slot); slot++) run.push(states.get(slot)!);

  let index = run.length;
  if (arrival.follows === null) index = 0;
  else {
    const followed = run.findIndex((s) => s.id === arrival.follows);
    if (followed >= 0) index = followed + 1;
    else if ([...states.values()].some((s) => s.id === arrival.follows && s.slot < floor)) index = 0;
  }
  // States whose full-precision time is known keep that order.
  run.forEach((s, i) => {
    if (s.micros !== undefined && s.micros <= arrival.micros) index = Math.max(index, i + 1);
  });
  while (index > 0 && run[index - 1].micros !== undefined && run[index - 1].micros! > arrival.micros) index -= 1;

  const shifts: Placement['shifts'] = [];
  for (let i = run.length - 1; i >= index; i--) {
    const moved = run[i];
    states.delete(moved.slot);
    moved.slot += 1;
    states.set(moved.slot, moved);
    shifts.push({ id: moved.id, slot: moved.slot });
  }
  const slot = floor + index;
  states.set(slot, { id: arrival.id, slot, micros: arrival.micros });
  return { slot, shifts };
}
