// The request's abort signal (src/db/abort.ts) reaches every statement through
// Prisma 7's client engine: once it fires no statement starts (503), a
// transaction it interrupts is rolled back, and on PostgreSQL a statement
// already running is cancelled.
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { withAbortSignal } from '../../src/db/abort.ts';
import { DatabaseLayerError, RequestAbortedError, toApiError } from '../../src/errors.ts';
import { describeEachClient, eventually } from './clients.ts';

/**
 * Runs `work` as the request with `signal`. A Prisma promise is lazy: it starts
 * when first awaited, so it is awaited inside the scope, as a resolver does.
 */
const asRequest = <T>(signal: AbortSignal, work: () => PromiseLike<T>): Promise<T> => withAbortSignal(signal, async () => await work());

async function failure(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error('expected the work to fail');
}

function expectAborted(error: unknown, reason?: string) {
  expect(error).toBeInstanceOf(DatabaseLayerError);
  const api = toApiError(error);
  expect(api).toBeInstanceOf(RequestAbortedError);
  expect(api.status).toBe(503);
  expect(api.body).toEqual({ exception_message: 'Service Unavailable' });
  if (reason) expect(api.message).toContain(reason);
}

describeEachClient('abort signal in the database layer', (db, target, provider) => {
  it('reaches the adapter through Prisma: an aborted request runs no statement, a live one runs', async () => {
    const gone = new AbortController();
    gone.abort(new Error('client left'));
    const live = new AbortController();
    // Both at once, so each statement must see its own request's signal.
    const [refused, served] = await Promise.allSettled([
      asRequest(gone.signal, () => db().flow.findMany()),
      asRequest(live.signal, () => db().flow.create({ data: { name: 'served' } })),
    ]);
    expect(refused.status).toBe('rejected');
    expectAborted((refused as PromiseRejectedResult).reason, 'client left');
    expect(served.status).toBe('fulfilled');
    expectAborted(await failure(asRequest(gone.signal, () => db().flow.create({ data: { name: 'refused' } }))));
    expectAborted(await failure(asRequest(gone.signal, () => db().$transaction([db().flow.count()]))));
    expect(await db().flow.findMany({ select: { name: true } })).toEqual([{ name: 'served' }]);
  });

  it('rolls back a transaction whose request is aborted half-way', async () => {
    const controller = new AbortController();
    const error = await failure(
      asRequest(controller.signal, () =>
        db().$transaction(async (tx) => {
          await tx.flow.create({ data: { name: 'first-half' } });
          controller.abort(new Error('timeout'));
          await tx.flow.create({ data: { name: 'second-half' } });
        }),
      ),
    );
    expectAborted(error, 'timeout');
    expect(await db().flow.count({ where: { name: { in: ['first-half', 'second-half'] } } })).toBe(0);
    // The connection went back clean: later work commits.
    await db().$transaction(async (tx) => tx.flow.create({ data: { name: 'after' } }));
    expect(await db().flow.count({ where: { name: 'after' } })).toBe(1);
  });

  describe.skipIf(provider !== 'postgresql')('PostgreSQL', () => {
    const running = async (tag: string) => {
      const t = target();
      const admin = new pg.Client({ connectionString: t.provider === 'postgresql' ? t.url : '' });
      await admin.connect();
      try {
        const { rows } = await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE $1`, [`%${tag}%`]);
        return rows[0].n as number;
      } finally {
        await admin.end();
      }
    };

    it('cancels a statement already running when the signal fires, outside and inside a transaction', { timeout: 20_000 }, async () => {
      for (const inTransaction of [false, true]) {
        const tag = `abort_probe_${inTransaction ? 'tx' : 'plain'}`;
        const sql = `SELECT pg_sleep(60)::text AS ${tag}`;
        const controller = new AbortController();
        const work = asRequest(controller.signal, () =>
          inTransaction ? db().$transaction(async (tx) => tx.$queryRawUnsafe(sql), { timeout: 120_000 }) : db().$queryRawUnsafe(sql),
        );
        const settled = failure(work);
        expect(await eventually(async () => (await running(tag)) === 1)).toBe(true);
        controller.abort(new Error('client left'));
        // Without the cancel this waits the full 60 s and the test times out.
        expectAborted(await settled, 'client left');
        expect(await eventually(async () => (await running(tag)) === 0)).toBe(true);
      }
      // The pool replaced the cancelled connections.
      expect(await db().flow.count()).toBeGreaterThanOrEqual(0);
    });
  });
});

describeEachClient(
  'statement_timeout (PREFECT_SERVER_DATABASE_TIMEOUT)',
  (db) => {
    it('stops a statement that runs too long with a 503, and the pool goes on', async () => {
      const error = await failure(db().$queryRawUnsafe('SELECT pg_sleep(5)::text'));
      const api = toApiError(error);
      expect(api.status).toBe(503);
      expect(api.message).toContain('57014');
      expect(await db().flow.count()).toBe(0);
    });
  },
  { statementTimeoutMs: 200 },
  ['postgresql'],
);
