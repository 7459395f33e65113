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
  {
    id: 'rest-null-list-item',
    door: 'rest',
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
    door: 'graphql',
    cls: 'error-shape',
    route: /^graphql request$/,
    // Parse and validation errors have their codes now (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED): only these remain.
    message: /\((variable value|variable declaration|subscription)\)$/,
    fix:
      'src/server.ts / src/graphql: variable-coercion errors (e.g. {"query":"query($id: UUID!){ read_flow(id: $id) { id } }","variables":{"id":5}} → 400 ' +
      'without extensions) and "subscription { x }" (→ 200 "Schema is not configured to execute subscription operation.") carry no extensions.code; ' +
      'give them BAD_USER_INPUT / GRAPHQL_VALIDATION_FAILED (GraphQL limits engineer)',
  },
];

/** `request`: the whole request as sent, printed (Outcome.request). */
export function knownFailure(v: Violation, provider: string, request = ''): KnownFailure | undefined {
  return KNOWN_FAILURES.find(
    (k) =>
      k.cls === v.cls &&
      k.route.test(v.route) &&
      (!k.message || k.message.test(v.message)) &&
      (!k.request || k.request.test(request)) &&
      (!k.provider || k.provider === provider),
  );
}
