// X-PREFECT-API-VERSION (conventions §1.8): three integers, at least 0.8.0.
// The REST pipeline checks it on every route; orchestration reads it again to
// keep old clients' behaviour.
import { httpError } from './errors.ts';
import { MINIMUM_API_VERSION } from './version.ts';

export type ApiVersion = [number, number, number];

/** undefined or "" mean the newest behaviour (null). */
export function parseApiVersion(header: string | undefined): ApiVersion | null {
  if (header === undefined || header === '') return null;
  const parts = header.split('.');
  const numbers = parts.map((p) => (/^\s*[+-]?\d+\s*$/.test(p) ? Number.parseInt(p, 10) : Number.NaN));
  if (parts.length !== 3 || numbers.some(Number.isNaN)) {
    throw httpError(400, `Invalid X-PREFECT-API-VERSION header format.Expected header in format 'x.y.z' but received ${header}`);
  }
  const version = numbers as ApiVersion;
  for (let i = 0; i < 3; i++) {
    if (version[i] > MINIMUM_API_VERSION[i]) break;
    if (version[i] < MINIMUM_API_VERSION[i]) {
      throw httpError(400, `The request specified API version ${header} but this server requires version ${MINIMUM_API_VERSION.join('.')} or higher.`);
    }
  }
  return version;
}
