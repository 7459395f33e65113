// Failure classes the fuzzer finds today that other work is fixing (issue 13).
// Each entry says where the failure shows and what fix removes it; the
// coordinator deletes an entry when its fix lands, and the fuzz test then
// guards that the class stays gone. A violation that no entry matches fails the
// test. Never widen an entry to silence a new class: add a new, named entry.
import type { Violation } from './runner.ts';

export interface KnownFailure {
  id: string;
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
  {
    id: 'rest-null-list-item',
    cls: '5xx',
    route: /^POST \/(flows|flow_runs|task_runs)\/(filter|count|paginate|history|lateness|bulk_delete|bulk_set_state)$/,
    request: /[[,]null[,\]]/,
    fix:
      'src/rest/coerce.ts: a null item in a list of non-null (e.g. {"flow_runs":{"state":{"name":{"any_":[null]}}}}) passes coerceInput, ' +
      "then GraphQL's variable coercion fails and src/rest/adapter.ts maps that error (it has an originalError) to 500; " +
      'Prefect answers 422 string_type/uuid_type at the item (REST bounds engineer)',
  },
  {
    id: 'graphql-request-errors-without-code',
    cls: 'error-shape',
    route: /^graphql request$/,
    fix:
      'src/server.ts / src/graphql: syntax, validation, variable-coercion and subscription errors from yoga carry no extensions.code; ' +
      'give them GRAPHQL_PARSE_FAILED / GRAPHQL_VALIDATION_FAILED / BAD_USER_INPUT (GraphQL limits engineer)',
  },
];

/** The request part of a repro ("METHOD path body → status answer"). */
const requestOf = (repro: string) => repro.split(' → ')[0];

export function knownFailure(v: Violation, provider: string, repro = ''): KnownFailure | undefined {
  return KNOWN_FAILURES.find(
    (k) =>
      k.cls === v.cls &&
      k.route.test(v.route) &&
      (!k.message || k.message.test(v.message)) &&
      (!k.request || k.request.test(requestOf(repro))) &&
      (!k.provider || k.provider === provider),
  );
}
