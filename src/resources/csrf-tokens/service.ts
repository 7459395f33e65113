// CSRF tokens (Prefect's models/csrf_token.py): one row per client, upserted by
// GET /csrf-token, checked by the CSRF middleware on every write.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { httpError } from '../../errors.ts';
import type { Db } from '../../db/client.ts';
import type { Context } from '../../graphql/context.ts';

export const CSRF_DISABLED = 'CSRF protection is disabled.';

/**
 * A new token for `client`, valid for the configured lifetime. One upsert on
 * the unique client (INSERT ... ON CONFLICT on both databases): an existing row
 * keeps its id and created (and updated, as in Prefect) and gets the new token
 * and expiration. Every call also deletes the expired tokens of all clients.
 */
export async function createCsrfToken(ctx: Context, client: string, query: object = {}) {
  if (!ctx.settings.csrf.enabled) throw httpError(422, CSRF_DISABLED);
  const now = new Date();
  const token = randomBytes(32).toString('hex');
  const expiration = new Date(now.getTime() + ctx.settings.csrf.tokenExpiration * 1000);
  const row = await ctx.db.csrfToken.upsert({
    ...query,
    where: { client },
    create: { client, token, expiration, created: now, updated: now },
    update: { token, expiration },
  });
  await ctx.db.csrfToken.deleteMany({ where: { expiration: { lt: now } } });
  return row;
}

/** Whether `token` is the unexpired token stored for `client` (constant-time compare). */
export async function isValidCsrfToken(db: Db, client: string, token: string): Promise<boolean> {
  const row = await db.csrfToken.findFirst({ where: { client, expiration: { gt: new Date() } }, select: { token: true } });
  if (!row) return false;
  const given = Buffer.from(token);
  const stored = Buffer.from(row.token);
  return given.length === stored.length && timingSafeEqual(given, stored);
}
