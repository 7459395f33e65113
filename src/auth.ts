// HTTP Basic auth (PREFECT_SERVER_API_AUTH_STRING, conventions §1.11), one check
// for every door: the REST API, /graphql (queries, mutations, the GraphiQL page)
// and, later, websocket upgrades. Prefect protects only its API mount; here
// GraphQL is an API too, so everything is protected except exactly
// `GET {base}/health` and `GET {base}/ready`.
import { timingSafeEqual } from 'node:crypto';

/** What the check needs of a request, so an upgrade handler can call it too. */
export interface AuthRequest {
  method: string;
  /** The URL's pathname, not decoded (`/api/health`, `/graphql`). */
  path: string;
  /** The `Authorization` header, if any. */
  authorization: string | undefined;
}

/** Prefect's answer to a request without the right credentials. */
export const UNAUTHORIZED = { status: 401, body: { exception_message: 'Unauthorized' } } as const;

/** True when the header is `Basic <base64 of exactly the auth string>` (constant-time compare). */
function credentialsMatch(header: string | undefined, expected: string): boolean {
  const parts = header?.trim().split(/\s+/) ?? [];
  if (parts.length !== 2 || parts[0] !== 'Basic') return false;
  const given = Buffer.from(Buffer.from(parts[1], 'base64').toString('utf8'));
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** Health and readiness answer without credentials (exact path, GET only). */
function isPublic(request: AuthRequest, basePath: string): boolean {
  return request.method === 'GET' && (request.path === `${basePath}/health` || request.path === `${basePath}/ready`);
}

/** Whether the request may go on; with no auth string set, every request may. */
export function isAuthorized(authString: string | null, basePath: string, request: AuthRequest): boolean {
  if (!authString) return true;
  return isPublic(request, basePath) || credentialsMatch(request.authorization, authString);
}
