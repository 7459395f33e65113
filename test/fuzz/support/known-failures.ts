// Failure classes the fuzzer finds today that other work is fixing (issue 13).
// Each entry says where the failure shows and what fix removes it; the
// coordinator deletes an entry when its fix lands, and the fuzz test then
// guards that the class stays gone. A violation that no entry matches fails the
// test. Never widen an entry to silence a new class: add a new, named entry.
import type { Violation } from './runner.ts';

export interface KnownFailure {
  id: string;
  /** Which fuzz files can see it. */
  door: 'rest' | 'graphql' | 'both';
  /** Violation class ('5xx', 'error-shape', 'leak', 'checksum', ...). */
  cls: string;
  /** Matches Violation.route, e.g. /^POST \/flows\/filter$/. */
  route: RegExp;
  /** Matches Violation.message, when the class needs narrowing. */
  message?: RegExp;
  /** Matches the request as printed (method, path, body), when the class needs narrowing. */
  request?: RegExp;
  /** Only on this database. */
  provider?: 'sqlite' | 'postgresql';
  /** What fix removes it, and who owns it. */
  fix: string;
}

export const KNOWN_FAILURES: KnownFailure[] = [
  // None open: rest-null-list-item (src/rest/coerce.ts) and graphql-request-errors-without-code
  // (src/graphql/errors.ts) were fixed; the fuzz test guards that they stay gone.
];

/** `request`: the whole request as sent, printed (Outcome.request). */
export function knownFailure(v: Violation, provider: string, request = ''): KnownFailure | undefined {
  return KNOWN_FAILURES.find(
    (k) =>
      k.cls === v.cls && k.route.test(v.route) && (!k.message || k.message.test(v.message)) && (!k.request || k.request.test(request)) && (!k.provider || k.provider === provider),
  );
}
