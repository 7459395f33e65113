// POST /task_workers/filter (blocks-and-ui-routes §11) over the in-memory tracker.
import { beforeEach, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { TaskWorkerTracker, taskWorkerTracker } from '../../src/resources/task-workers/tracker.ts';

describe('the tracker', () => {
  it('adds keys on each observation, refreshes the time, forgets on close', () => {
    const tracker = new TaskWorkerTracker();
    tracker.observe('w1', ['a'], new Date('2024-01-01T00:00:00Z'));
    tracker.observe('w1', ['b'], new Date('2024-01-01T00:00:01Z'));
    tracker.observe('w2', ['c'], new Date('2024-01-01T00:00:02Z'));
    expect(tracker.list()).toEqual([
      { identifier: 'w1', task_keys: ['a', 'b'], timestamp: new Date('2024-01-01T00:00:01Z') },
      { identifier: 'w2', task_keys: ['c'], timestamp: new Date('2024-01-01T00:00:02Z') },
    ]);
    expect(tracker.list(['b', 'zz']).map((w) => w.identifier)).toEqual(['w1']);
    tracker.forget('w1');
    expect(tracker.list().map((w) => w.identifier)).toEqual(['w2']);
  });
});

describeEachDatabase('task workers', (server) => {
  beforeEach(() => {
    taskWorkerTracker.reset();
    taskWorkerTracker.observe('worker-1', ['tasks.a', 'tasks.b'], new Date('2024-01-01T00:00:00Z'));
    taskWorkerTracker.observe('worker-2', ['tasks.c'], new Date('2024-01-01T00:00:05Z'));
  });
  const ids = (res: { body: { identifier: string }[] }) => res.body.map((w) => w.identifier).sort();

  it('lists every worker with no body, null, or an empty key list', async () => {
    const all = await server().rest('POST', '/task_workers/filter');
    expect(all.status).toBe(200);
    expect(ids(all)).toEqual(['worker-1', 'worker-2']);
    expect(all.body.find((w: { identifier: string }) => w.identifier === 'worker-1')).toEqual({
      identifier: 'worker-1',
      task_keys: ['tasks.a', 'tasks.b'],
      timestamp: '2024-01-01T00:00:00Z',
    });
    expect(ids(await server().rest('POST', '/task_workers/filter', { task_worker_filter: null }))).toEqual(['worker-1', 'worker-2']);
    expect(ids(await server().rest('POST', '/task_workers/filter', { task_worker_filter: { task_keys: [] } }))).toEqual(['worker-1', 'worker-2']);
  });

  it('filters by any of the keys, ignores unknown sibling keys, requires task_keys', async () => {
    expect(ids(await server().rest('POST', '/task_workers/filter', { task_worker_filter: { task_keys: ['tasks.c', 'nope'], other: 1 } }))).toEqual(['worker-2']);
    const res = await server().rest('POST', '/task_workers/filter', { task_worker_filter: {} });
    expect(res.status).toBe(422);
    expect(res.body.exception_detail).toEqual([{ type: 'missing', loc: ['body', 'task_worker_filter', 'task_keys'], msg: 'Field required', input: {} }]);
    const gql = await server().gql('{ read_task_workers(task_worker_filter: { task_keys: ["tasks.a"] }) { identifier task_keys timestamp } }');
    expect(gql.data).toEqual({ read_task_workers: [{ identifier: 'worker-1', task_keys: ['tasks.a', 'tasks.b'], timestamp: '2024-01-01T00:00:00Z' }] });
  });
});
