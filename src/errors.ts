// Domain errors: raised once, rendered by each door (GraphQL error with
// extensions.code; REST status + Prefect's JSON body).

/** One item of Prefect's (Pydantic's) 422 envelope. */
export interface ValidationItem {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

const CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  410: 'GONE',
  422: 'BAD_USER_INPUT',
  423: 'LOCKED',
  500: 'INTERNAL_SERVER_ERROR',
  503: 'SERVICE_UNAVAILABLE',
};

export class ApiError extends Error {
  /** Response headers REST sends with the error (e.g. Retry-After on a 423). */
  headers?: Record<string, string>;

  /** `body` is exactly what REST sends (null: empty body). */
  constructor(
    readonly status: number,
    readonly body: unknown,
    message = typeof body === 'object' && body !== null ? String(Object.values(body)[0]) : `HTTP ${status}`,
  ) {
    super(message);
  }

  /** The same error carrying response headers (REST sends them; GraphQL shows them in extensions.headers). */
  withHeaders(headers: Record<string, string>): this {
    this.headers = { ...this.headers, ...headers };
    return this;
  }

  get code(): string {
    return CODES[this.status] ?? 'INTERNAL_SERVER_ERROR';
  }
}

/** Prefect's `{"detail": ...}` errors raised by route handlers. */
export const httpError = (status: number, detail: string) => new ApiError(status, { detail }, detail);

export const notFound = (detail: string) => httpError(404, detail);

/** A body over PREFECT_SERVER_API_MAX_BODY_BYTES, on either door. */
export const bodyTooLarge = (max: number) => httpError(413, `Request body too large: at most ${max} bytes are accepted (PREFECT_SERVER_API_MAX_BODY_BYTES).`);

/** Request validation failed: Prefect's 422 envelope (the REST door adds request_body). */
export class ValidationError extends ApiError {
  constructor(readonly items: ValidationItem[]) {
    super(422, { exception_message: 'Invalid request received.', exception_detail: items }, items.map((i) => `${i.loc.join('.')}: ${i.msg}`).join('; '));
  }
}

export const INTEGRITY_CONFLICT = httpError(409, 'Data integrity conflict. This usually means a unique or foreign key constraint was violated. See server logs for details.');

export const SERVICE_UNAVAILABLE = new ApiError(503, { exception_message: 'Service Unavailable' });
export const INTERNAL_ERROR = new ApiError(500, { exception_message: 'Internal Server Error' });

/**
 * A 503 with Prefect's body and a message that says why (GraphQL shows the
 * message, REST the body): the database connection was lost, the SQLite file
 * vanished, the request was aborted. Prefect answers 503 to the errors a client
 * may retry (lost connections, pool and statement timeouts).
 */
export class ServiceUnavailableError extends ApiError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(503, SERVICE_UNAVAILABLE.body, message);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/**
 * The request's abort signal fired (its client left, or its execution timeout
 * ran out) before or while a statement ran. 503, not 408: 408 means the server
 * gave up waiting for the request itself, while here the server could not
 * finish the work in time; Prefect answers a statement timeout (asyncpg's
 * QueryCanceledError) with this same retryable 503 and body.
 */
export class RequestAbortedError extends ServiceUnavailableError {
  override name = 'RequestAbortedError';
}

/**
 * Carries an ApiError raised under Prisma (in the driver adapter) up through
 * Prisma's client: Prisma turns any error with a string `code` (an ApiError
 * has one) into a PrismaClientKnownRequestError, which loses the status and
 * the 422 detail, while an error without `code` reaches the caller unchanged.
 */
export class DatabaseLayerError extends Error {
  override name = 'DatabaseLayerError';
  constructor(readonly apiError: ApiError) {
    super(apiError.message, { cause: apiError });
  }
}

export const NUL_MESSAGE = 'Value error, text may not contain the NUL character (\\u0000)';

/** Text with a NUL character: PostgreSQL cannot store it, so neither database accepts it. */
export const nulRejected = (input: unknown) => new ValidationError([{ type: 'value_error', loc: ['body'], msg: NUL_MESSAGE, input }]);

// Prisma error codes that mean "the database said no" rather than "we have a bug".
const CONFLICT_CODES = new Set(['P2002', 'P2003', 'P2014']);
const UNAVAILABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2021', 'P2024', 'P2028']);
const UNAVAILABLE_MESSAGES =
  /SQLITE_BUSY|SQLITE_LOCKED|database is locked|ECONNREFUSED|ECONNRESET|Connection terminated|timeout exceeded when trying to connect|not queryable|does not exist|no such table/i;

/**
 * PostgreSQL SQLSTATEs a client may retry: 08 connection exceptions, 53
 * insufficient resources (too many connections), 57 operator intervention
 * (57P01 pg_terminate_backend, 57P02 crash, 57P03 starting up, 57014 a
 * cancelled statement or statement_timeout).
 */
export const isRetryableSqlState = (code: unknown): boolean => typeof code === 'string' && /^(08|53|57)/.test(code);

/** The PostgreSQL SQLSTATE under a Prisma error (P2010, P2039, ...), if any. */
function driverSqlState(error: unknown): string | undefined {
  const meta = (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } } | undefined)?.meta;
  const code = meta?.driverAdapterError?.cause?.originalCode;
  return typeof code === 'string' ? code : undefined;
}

function prismaCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Prisma P2002: a unique constraint refused the write (upsert races, taken keys). */
export const isUniqueViolation = (error: unknown) => prismaCode(error) === 'P2002';

/** Prisma P2025: the row to update or delete does not exist. */
export const isMissingRecord = (error: unknown) => prismaCode(error) === 'P2025';

/** Maps anything thrown below a resolver to the error a client should see. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof DatabaseLayerError) return error.apiError;
  const e = error as { name?: string; message?: string } | undefined;
  const code = prismaCode(error);
  if (code && CONFLICT_CODES.has(code)) return INTEGRITY_CONFLICT;
  if (
    (code && UNAVAILABLE_CODES.has(code)) ||
    isRetryableSqlState(driverSqlState(error)) ||
    e?.name === 'PrismaClientInitializationError' ||
    UNAVAILABLE_MESSAGES.test(e?.message ?? '')
  ) {
    return SERVICE_UNAVAILABLE;
  }
  return INTERNAL_ERROR;
}
