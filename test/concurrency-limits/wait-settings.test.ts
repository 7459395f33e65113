// The wait settings: PREFECT_SERVER_TASKS_TAG_CONCURRENCY_SLOT_WAIT_SECONDS
// (v1 Retry-After, task WAIT delays, tag caps) and
// PREFECT_SERVER_CONCURRENCY_MAXIMUM_CONCURRENCY_SLOT_WAIT_SECONDS (other limits).
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { createLimit, createTaskRun, setTaskState, unique } from './helpers.ts';

describeEachDatabase(
  'concurrency wait settings',
  (server) => {
    it('v1 Retry-After is the tag wait as a Python float', async () => {
      const tag = unique('wait');
      await server().rest('POST', '/concurrency_limits/', { tag, concurrency_limit: 1 });
      await server().rest('POST', '/concurrency_limits/increment', { names: [tag], task_run_id: '00000000-0000-4000-8000-000000000001' });
      const res = await server().rest('POST', '/concurrency_limits/increment', { names: [tag], task_run_id: '00000000-0000-4000-8000-000000000002' });
      expect(res.status).toBe(423);
      expect(res.headers.get('retry-after')).toBe('1.0');
    });

    it('task WAIT delays are capped by the tag wait', async () => {
      const tag = unique('task-wait');
      const { body } = await server().rest('POST', '/concurrency_limits/', { tag, concurrency_limit: 1 });
      await server().db.concurrencyLimitV2.update({ where: { id: body.id }, data: { avg_slot_occupancy_seconds: 600 } });
      const a = await createTaskRun(server(), [tag]);
      const b = await createTaskRun(server(), [tag]);
      await setTaskState(server(), a.id, 'RUNNING');
      for (let i = 0; i < 5; i++) {
        const res = await setTaskState(server(), b.id, 'RUNNING');
        expect(res.body.status).toBe('WAIT');
        expect(res.body.details.delay_seconds).toBe(1); // round(jitter(1.0)) ∈ round([0.75, 1.3])
      }
    });

    it('a maximum wait of 0 answers Retry-After: 0 for non-tag limits', async () => {
      const limit = await createLimit(server(), { name: unique('max0'), limit: 1, active_slots: 1 });
      const res = await server().rest('POST', '/v2/concurrency_limits/increment', { names: [limit.name], slots: 1 });
      expect(res.status).toBe(423);
      expect(res.headers.get('retry-after')).toBe('0');
    });
  },
  { PREFECT_SERVER_TASKS_TAG_CONCURRENCY_SLOT_WAIT_SECONDS: '1', PREFECT_SERVER_CONCURRENCY_MAXIMUM_CONCURRENCY_SLOT_WAIT_SECONDS: '0' },
);
