// Prefect's clamped exponential jitter (utilities/math.py) and how Python
// prints a float, for Retry-After headers and WAIT delays (§4.5).

/** For an upper clamp multiple k: the lower multiple with as much probability mass below the median as above. */
function lowerClampMultiple(k: number): number {
  if (k >= 50) return 0;
  return Math.log2(Math.max(2 ** k / (2 ** k - 1), 1e-10));
}

const exponentialCdf = (x: number, average: number) => 1 - Math.exp(-x / average);

/**
 * A random interval around `average`, within [0.75177 × average, 1.3 × average]
 * for the default clamping factor. An average of 0 (or less) gives 0.
 */
export function clampedPoissonInterval(average: number, clampingFactor = 0.3, random: () => number = Math.random): number {
  if (!(average > 0)) return 0;
  const upperMultiple = 1 + clampingFactor;
  const upper = average * upperMultiple;
  const lower = Math.max(0, average * lowerClampMultiple(upperMultiple));
  const lo = exponentialCdf(lower, average);
  const hi = exponentialCdf(upper, average);
  const u = lo + (hi - lo) * random();
  return -Math.log(Math.max(1 - u, 1e-10)) * average;
}

/** Python's str(float): `10.0`, `2.183917401122`, `1e-05`, `1e+16`. */
export function pythonFloat(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(n);
  if (abs >= 1e16 || abs < 1e-4) {
    const [mantissa, exponent] = n.toExponential().split('e');
    const e = Number(exponent);
    return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  const text = String(n);
  return text.includes('.') ? text : `${text}.0`;
}

/** Python's round(): halves go to the even neighbour (round(2.5) == 2). */
export function pythonRound(n: number): number {
  const floor = Math.floor(n);
  const diff = n - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}
