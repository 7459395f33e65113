// Prefect's CSRF middleware (api/middleware.py, conventions §1.10): when the
// protection is on, every POST, PUT, PATCH and DELETE on the whole host (REST
// and /graphql) must carry the client's current token. Runs before CORS and
// auth, so its answers carry no CORS headers (except the one Prefect adds).
import type { IncomingMessage } from 'node:http';
import type { Db } from '../../db/client.ts';
import type { Settings } from '../../settings.ts';
import { isValidCsrfToken } from './service.ts';

const CHECKED_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface CsrfRejection {
  status: 403;
  body: { detail: string };
  headers: Record<string, string>;
}

const reject = (detail: string, headers: Record<string, string> = {}): CsrfRejection => ({ status: 403, body: { detail }, headers });

/** The 403 to answer, or null when the request may go on. */
export async function csrfRejection(settings: Settings, db: Db, req: IncomingMessage): Promise<CsrfRejection | null> {
  if (!settings.csrf.enabled || !CHECKED_METHODS.has(req.method ?? '')) return null;
  // An empty header counts as present (Prefect tests for None).
  const token = req.headers['prefect-csrf-token'];
  if (token === undefined) return reject('Missing CSRF token.');
  const client = req.headers['prefect-csrf-client'];
  if (client === undefined) return reject('Missing client identifier.');
  const valid = await isValidCsrfToken(db, [client].flat()[0], [token].flat()[0]);
  return valid ? null : reject('Invalid CSRF token or client identifier.', { 'access-control-allow-origin': '*' });
}
