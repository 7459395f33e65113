// The dashboard's time window (§7.5): from `after_` with seconds zeroed to the
// last microsecond of the minute of `before_` (or of now), cut in 20 equal
// buckets. Prefect's arithmetic is in microseconds (timedelta / 20 rounds half
// to even); our times are milliseconds, so each boundary is the first
// millisecond at or after the exact one: a run at t falls in bucket i exactly
// when start + i·delta ≤ t < start + (i+1)·delta, as Prefect's floor() puts it.
export const DASHBOARD_BUCKETS = 20;

const MINUTE_US = 60_000_000;

/** Python's round() of an integer ratio: half to even. */
function roundHalfEven(numerator: number, denominator: number): number {
  const q = Math.floor(numerator / denominator);
  const r = numerator - q * denominator;
  if (2 * r > denominator) return q + 1;
  if (2 * r < denominator) return q;
  return q % 2 === 0 ? q : q + 1;
}

export function dashboardWindow(after: Date, before: Date | null, now: Date) {
  const startUs = Math.floor(after.getTime() / 60_000) * MINUTE_US;
  const endMinute = Math.floor((before ?? now).getTime() / 60_000) * MINUTE_US;
  const endUs = endMinute + MINUTE_US - 1;
  const deltaUs = roundHalfEven(endUs - startUs, DASHBOARD_BUCKETS);
  const boundaries = Array.from({ length: DASHBOARD_BUCKETS + 1 }, (_, i) => new Date(Math.ceil((startUs + i * deltaUs) / 1000)));
  return { start: new Date(startUs / 1000), end: new Date(Math.floor(endUs / 1000)), deltaUs, boundaries };
}
