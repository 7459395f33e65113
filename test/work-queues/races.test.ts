// Creation races decided by the database: the first legacy creates build
// `default-agent-pool` once; concurrent pool creates of one name give one 201.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { unique } from '../work-pools/helpers.ts';

describeEachDatabase('work pool and queue creation races', (server) => {
  it('10 concurrent legacy creates on a fresh database: one default-agent-pool, unique priorities', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => server().rest('POST', '/work_queues/', { name: `race-${i}` })));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    expect(await server().db.workPool.count({ where: { name: 'default-agent-pool' } })).toBe(1);
    const queues = await server().db.workQueue.findMany({ where: { work_pool: { name: 'default-agent-pool' } } });
    expect(queues).toHaveLength(11);
    expect(new Set(queues.map((q) => q.priority)).size).toBe(11);
  });

  it('10 concurrent creates of one pool name: one 201, nine 409', async () => {
    const name = unique('same');
    const answers = await Promise.all(Array.from({ length: 10 }, () => server().rest('POST', '/work_pools/', { name, type: 'process' })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    expect(answers.find((a) => a.status === 409)?.body).toEqual({ detail: 'A work pool with this name already exists.' });
    expect(await server().db.workQueue.count({ where: { work_pool: { name } } })).toBe(1);
  });
});
