// PostgreSQL connections terminated under the server (pg_terminate_backend,
// as a failover or an operator does): requests in flight get Prefect's 503,
// never a 500, and the server recovers by itself.
import { expect, it } from 'vitest';
import pg from 'pg';
import { describeEachDatabase } from '../support/each-database.ts';
import { eventually } from './clients.ts';

const TERMINATE_OTHERS = `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
  WHERE datname = current_database() AND pid <> pg_backend_pid()`;

describeEachDatabase('terminated database connections', (server, provider) => {
  it.skipIf(provider !== 'postgresql')('answers 503 to requests in flight and serves the next ones', { timeout: 60_000 }, async () => {
    const target = server().target;
    if (target.provider !== 'postgresql') return;
    const flows: { id: string }[] = [];
    for (let i = 0; i < 8; i++) flows.push((await server().rest('POST', '/flows/', { name: `before-${i}` })).body);

    // Hold the flow table so requests pile up inside the database, then cut every connection but ours.
    const holder = new pg.Client({ connectionString: target.url });
    await holder.connect();
    const watcher = new pg.Client({ connectionString: target.url });
    watcher.on('error', () => {});
    await watcher.connect();
    const answers: Promise<{ status: number; body: unknown; kind: string }>[] = [];
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE flow IN ACCESS EXCLUSIVE MODE');
      for (const flow of flows) {
        answers.push(
          server()
            .rest('PATCH', `/flows/${flow.id}`, { tags: ['patched'] })
            .then((a) => ({ ...a, kind: 'write' })),
        );
        answers.push(
          server()
            .rest('POST', '/flows/filter', {})
            .then((a) => ({ ...a, kind: 'read' })),
        );
      }
      // The GraphQL door: its status is in extensions.status.
      for (const flow of flows.slice(0, 2)) {
        const update = server().gql(`mutation { update_flow(id: "${flow.id}", flow: { tags: ["gql"] }) { id } }`);
        answers.push(update.then((r) => ({ status: r.errors ? Number(r.errors[0].extensions?.status) : 200, body: r.errors?.[0].extensions?.code, kind: 'graphql' })));
      }
      // Polled outside the holder's transaction, whose view of pg_stat_activity is a snapshot.
      const waiting = async () => {
        const { rows } = await watcher.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
        return rows[0].n >= 6;
      };
      expect(await eventually(waiting)).toBe(true);
      await watcher.end();
      const { rows } = await holder.query(TERMINATE_OTHERS);
      expect(rows[0].n).toBeGreaterThanOrEqual(6);
    } finally {
      await holder.query('ROLLBACK').catch(() => {});
      await holder.end();
    }

    const settled = await Promise.all(answers);
    for (const answer of settled) {
      expect([200, 204, 503], JSON.stringify(answer)).toContain(answer.status);
      if (answer.status === 503) expect(answer.body).toEqual(answer.kind === 'graphql' ? 'SERVICE_UNAVAILABLE' : { exception_message: 'Service Unavailable' });
    }
    // A write whose connection died cannot be known to have happened: 503. A read is sent once more.
    expect(settled.filter((a) => a.kind === 'write' && a.status === 503).length).toBeGreaterThan(0);
    expect(settled.filter((a) => a.kind === 'read').every((a) => a.status === 200)).toBe(true);

    // Recovered: more requests than the pool has connections, all served.
    const next = await Promise.all(Array.from({ length: 40 }, (_, i) => server().rest('POST', '/flows/', { name: `after-${i}` })));
    expect(next.map((a) => a.status)).toEqual(Array(40).fill(201));
    expect((await server().rest('GET', '/ready')).status).toBe(200);
    expect(await server().rest('POST', '/flows/count', {})).toMatchObject({ status: 200 });
  });

  it.skipIf(provider !== 'postgresql')('recovers when every idle pooled connection was terminated', async () => {
    const target = server().target;
    if (target.provider !== 'postgresql') return;
    await Promise.all(Array.from({ length: 10 }, () => server().rest('POST', '/flows/filter', {})));
    const admin = new pg.Client({ connectionString: target.url });
    await admin.connect();
    try {
      await admin.query(TERMINATE_OTHERS);
    } finally {
      await admin.end();
    }
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? server().rest('POST', '/flows/filter', {}) : server().rest('POST', '/flows/', { name: `idle-${i}` }))),
    );
    expect(answers.map((a) => a.status).every((s) => s === 200 || s === 201)).toBe(true);
  });
});
