// CacheInsertion and CacheRetrieval (§4.3).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fullStateDetails, setTaskRunState } from '../../src/orchestration/index.ts';
import { inSeconds, reasonOf, testTargets, useDatabase } from './support.ts';

const targets = await testTargets();

describe.each(targets)('task result cache on $name', (databases) => {
  const h = useDatabase(databases);

  async function completeWithKey(cache_key: string, cache_expiration: string | null = null, data: unknown = { type: 'reference', key: 'r1' }) {
    const id = await h.taskRunIn('RUNNING');
    const result = await setTaskRunState(h.db, id, { type: 'COMPLETED', data, state_details: { cache_key, cache_expiration } });
    expect(result.status).toBe('ACCEPT');
    return id;
  }

  it('records a completed state with a cache key, and serves a copy named Cached', async () => {
    const key = `key-${randomUUID()}`;
    const source = await completeWithKey(key, inSeconds(3600));
    const sourceState = (await h.taskRun(source)).state!;
    const entry = await h.db.taskRunStateCache.findFirst({ where: { cache_key: key } });
    expect(entry).toMatchObject({ task_run_state_id: sourceState.id });
    // The task run's own cache_key column keeps what the client created it with.
    expect((await h.taskRun(source)).cache_key).toBeNull();

    const other = await h.taskRunIn('PENDING');
    const result = await setTaskRunState(h.db, other, { type: 'RUNNING', state_details: { cache_key: key } });
    expect([result.status, reasonOf(result)]).toEqual(['REJECT', 'Retrieved state from cache']);
    expect(result.state).toMatchObject({ type: 'COMPLETED', name: 'Cached', data: { type: 'reference', key: 'r1' } });
    expect(result.state?.id).not.toBe(sourceState.id);
    const details = fullStateDetails(result.state?.state_details);
    expect([details.task_run_id, details.cache_key]).toEqual([other, key]);
    const run = await h.taskRun(other);
    expect([run.state_type, run.state_name, run.run_count]).toEqual(['COMPLETED', 'Cached', 0]);
  });

  it('wins even when the enclosing flow is not running', async () => {
    const key = `key-${randomUUID()}`;
    await completeWithKey(key);
    const task = await h.newTaskRun({ flow_run_id: await h.flowRunIn('PENDING') });
    expect(reasonOf(await setTaskRunState(h.db, task, { type: 'RUNNING', state_details: { cache_key: key } }))).toBe('Retrieved state from cache');
  });

  it('misses on refresh_cache, an expired entry or an unknown key', async () => {
    const key = `key-${randomUUID()}`;
    await completeWithKey(key);
    expect((await setTaskRunState(h.db, await h.taskRunIn('PENDING'), { type: 'RUNNING', state_details: { cache_key: key, refresh_cache: true } })).status).toBe('ACCEPT');
    const expired = `key-${randomUUID()}`;
    await completeWithKey(expired, inSeconds(-1));
    expect((await setTaskRunState(h.db, await h.taskRunIn('PENDING'), { type: 'RUNNING', state_details: { cache_key: expired } })).status).toBe('ACCEPT');
    expect((await setTaskRunState(h.db, await h.taskRunIn('PENDING'), { type: 'RUNNING', state_details: { cache_key: 'nothing' } })).status).toBe('ACCEPT');
  });

  it('serves the newest entry of a key', async () => {
    const key = `key-${randomUUID()}`;
    await completeWithKey(key, null, { value: 'old' });
    await completeWithKey(key, null, { value: 'new' });
    const result = await setTaskRunState(h.db, await h.taskRunIn('PENDING'), { type: 'RUNNING', state_details: { cache_key: key } });
    expect(result.state?.data).toEqual({ value: 'new' });
  });

  it('refuses an over-long key but still writes the state and caches it', async () => {
    const key = 'k'.repeat(2001);
    const id = await h.taskRunIn('RUNNING');
    const result = await setTaskRunState(h.db, id, { type: 'COMPLETED', state_details: { cache_key: key } });
    expect([result.status, reasonOf(result)]).toEqual(['REJECT', 'Cache key exceeded maximum allowed length of 2000 characters.']);
    expect(result.state?.type).toBe('COMPLETED');
    const run = await h.taskRun(id);
    expect(run.state_id).toBe(result.state?.id);
    expect(await h.db.taskRunStateCache.count({ where: { cache_key: key, task_run_state_id: result.state!.id } })).toBe(1);
  });
});
