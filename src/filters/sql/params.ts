// Bound parameters of one statement, in the placeholder style of its database.
export type Provider = 'sqlite' | 'postgresql';

export class Params {
  readonly values: unknown[] = [];
  constructor(readonly provider: Provider) {}

  /** Binds `value` and returns its placeholder (`?` or `$n`). */
  add(value: unknown): string {
    this.values.push(value);
    return this.provider === 'postgresql' ? `$${this.values.length}` : '?';
  }

  /** A placeholder list for `IN (...)`. */
  list(values: readonly unknown[]): string {
    return values.map((v) => this.add(v)).join(', ');
  }
}

/** A quoted identifier; both databases accept double quotes. */
export const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * A LIMIT or OFFSET, written inline so neither driver has to guess a
 * parameter type; only validated, non-negative integers get here.
 */
export function inlineInteger(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`SQL: bad LIMIT/OFFSET ${n}`);
  return String(n);
}
