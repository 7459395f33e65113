// Work pools over REST and GraphQL (deployments-and-work-pools §4.1, §4.2, §4.5).
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { UUID, captureEvents, createPool, createQueue, runInQueue, unique } from './helpers.ts';

const TEMPLATE = {
  job_configuration: { command: '{{ command }}', env: { A: '{{ image }}' } },
  variables: { type: 'object', properties: { command: { type: 'string' }, image: { type: 'string', default: 'python:3.12' } } },
};

const detail = (status: number, text: string) => ({ status, body: { detail: text } });

describeEachDatabase('work pools', (server) => {
  it('creates a pool with its default queue', async () => {
    const name = unique('pool');
    const res = await server().rest('POST', '/work_pools/', { name, type: 'process', base_job_template: TEMPLATE, concurrency_limit: 3 });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body)).toEqual([
      'id',
      'created',
      'updated',
      'name',
      'description',
      'type',
      'base_job_template',
      'is_paused',
      'concurrency_limit',
      'status',
      'default_queue_id',
      'storage_configuration',
      'active_slots',
    ]);
    expect(res.body).toMatchObject({
      name,
      type: 'process',
      is_paused: false,
      concurrency_limit: 3,
      status: 'NOT_READY',
      active_slots: 0,
      description: null,
      base_job_template: TEMPLATE,
    });
    expect(res.body.storage_configuration).toEqual({ bundle_upload_step: null, bundle_execution_step: null, default_result_storage_block_id: null });
    expect(res.body.default_queue_id).toMatch(UUID);
    const queue = await server().rest('GET', `/work_pools/${name}/queues/default`);
    expect(queue.body).toMatchObject({
      id: res.body.default_queue_id,
      name: 'default',
      description: "The work pool's default queue.",
      priority: 1,
      work_pool_id: res.body.id,
      work_pool_name: name,
      status: 'NOT_READY',
      active_slots: null,
      filter: null,
    });
    expect((await server().rest('GET', `/work_pools/${name}`)).body).toEqual(res.body);
  });

  it('defaults: type prefect-agent (status null), a paused pool is PAUSED', async () => {
    const agent = await createPool(server(), { name: unique('agent') });
    expect(agent).toMatchObject({ type: 'prefect-agent', status: null, base_job_template: {}, active_slots: null, concurrency_limit: null });
    expect((await server().db.workPool.findUniqueOrThrow({ where: { id: agent.id } })).status).toBe('NOT_READY');
    const paused = await createPool(server(), { name: unique('paused'), type: 'k8s', is_paused: true });
    expect(paused).toMatchObject({ status: 'PAUSED', is_paused: true });
  });

  it('events: queue created, pool created, status', async () => {
    const events = captureEvents(server());
    const pool = await createPool(server(), { name: unique('ev'), type: 'process' });
    const seen = (await events.named('prefect.work-')).filter(
      (e) => e.resource['prefect.resource.id'].includes(pool.id) || e.resource['prefect.resource.id'].includes(pool.default_queue_id),
    );
    expect(seen.map((e) => e.event)).toEqual(['prefect.work-queue.created', 'prefect.work-pool.created', 'prefect.work-pool.not-ready']);
    expect(seen[1].resource).toEqual({
      'prefect.resource.id': `prefect.work-pool.${pool.id}`,
      'prefect.resource.name': pool.name,
      'prefect.work-pool.type': 'process',
      'prefect.resource.role': 'work-pool',
    });
    expect(seen[1].related).toEqual([{ 'prefect.resource.id': `prefect.work-queue.${pool.default_queue_id}`, 'prefect.resource.role': 'default-queue' }]);
    expect(seen[0].related[0]).toMatchObject({ 'prefect.resource.id': `prefect.work-pool.${pool.id}`, 'prefect.resource.role': 'work-pool' });
    const stored = await server().db.workPool.findUniqueOrThrow({ where: { id: pool.id } });
    expect(seen[2].id).toBe(stored.last_status_event_id);
    events.stop();
  });

  it('reserved names, duplicates and bad bodies are 4xx with Prefect messages', async () => {
    expect(await server().rest('POST', '/work_pools/', { name: 'Prefect-Managed' })).toMatchObject(
      detail(403, "Work pools starting with 'Prefect' are reserved for internal use."),
    );
    const name = unique('dup');
    await createPool(server(), { name });
    expect(await server().rest('POST', '/work_pools/', { name })).toMatchObject(detail(409, 'A work pool with this name already exists.'));
    for (const bad of ['a/b', 'a%b', 'a&b', 'a>b', 'a<b']) {
      const res = await server().rest('POST', '/work_pools/', { name: bad });
      expect(res.status).toBe(422);
      expect(res.body.exception_detail[0]).toMatchObject({ loc: ['body', 'name'], msg: "String should match pattern '^[^/%&><]+$'" });
    }
    const empty = await server().rest('POST', '/work_pools/', { name: ' "" ' });
    expect(empty.body.exception_detail[0]).toMatchObject({ type: 'value_error', loc: ['body', 'name'], msg: 'Value error, name cannot be an empty string' });
    const negative = await server().rest('POST', '/work_pools/', { name: unique('neg'), concurrency_limit: -1 });
    expect(negative.status).toBe(422);
    expect(negative.body.exception_detail[0]).toMatchObject({ loc: ['body', 'concurrency_limit'], msg: 'Input should be greater than or equal to 0' });
    const extra = await server().rest('POST', '/work_pools/', { name: unique('x'), nope: 1 });
    expect(extra.status).toBe(422);
    expect(await server().db.workPool.count({ where: { name: { startsWith: 'x-' } } })).toBe(0);
  });

  it('base job template checks', async () => {
    const half = await server().rest('POST', '/work_pools/', { name: unique('t'), base_job_template: { job_configuration: { a: 1 } } });
    expect(half.status).toBe(422);
    expect(half.body.exception_detail[0]).toMatchObject({
      loc: ['body', 'base_job_template'],
      msg: 'Value error, The `base_job_template` must contain both a `job_configuration` key and a `variables` key.',
    });
    const undeclared = await server().rest('POST', '/work_pools/', {
      name: unique('t'),
      base_job_template: { job_configuration: { a: '{{ nope }}' }, variables: { properties: { other: { type: 'string' } } } },
    });
    expect(undeclared.body.exception_detail[0].msg).toBe(
      'Value error, The variables specified in the job configuration template must be present as properties in the variables schema. Your job configuration uses the following undeclared variable(s): nope.',
    );
    const notObject = await server().rest('POST', '/work_pools/', { name: unique('t'), base_job_template: [1] });
    expect(notObject.status).toBe(422);
    const badDefault = await server().rest('POST', '/work_pools/', {
      name: unique('t'),
      base_job_template: { job_configuration: { a: '{{ n }}' }, variables: { type: 'object', properties: { n: { type: 'integer', default: 'x' } } } },
    });
    expect(badDefault).toMatchObject(
      detail(422, "Validation failed for work pool's job variable defaults: Validation failed for field 'n'. Failure reason: 'x' is not of type 'integer'"),
    );
    const missingBlock = await server().rest('POST', '/work_pools/', {
      name: unique('t'),
      base_job_template: {
        job_configuration: { a: '{{ n }}' },
        variables: { type: 'object', properties: { n: { type: 'object', default: { $ref: { block_document_id: randomUUID() } } } } },
      },
    });
    expect(missingBlock).toMatchObject(detail(404, 'Block not found.'));
    const badSchema = await server().rest('POST', '/work_pools/', {
      name: unique('t'),
      base_job_template: { job_configuration: { a: '{{ n }}' }, variables: { type: 'object', properties: { n: { type: 'nonsense' } } } },
    });
    expect(badSchema.status).toBe(422);
    expect(badSchema.body.detail).toMatch(/^Invalid schema: /);
  });

  it('a block-reference default is validated with the block document data', async () => {
    const type = await server().db.blockType.create({ data: { name: unique('bt'), slug: unique('bt') } });
    const schema = await server().db.blockSchema.create({ data: { checksum: unique('sha'), block_type_id: type.id } });
    const doc = await server().db.blockDocument.create({ data: { name: unique('doc'), data: { image: 'x' }, block_type_id: type.id, block_schema_id: schema.id } });
    const template = (itemType: string) => ({
      job_configuration: { a: '{{ n }}' },
      variables: { type: 'object', properties: { n: { type: 'object', properties: { image: { type: itemType } }, default: { $ref: { block_document_id: doc.id } } } } },
    });
    const ok = await server().rest('POST', '/work_pools/', { name: unique('ref'), base_job_template: template('string') });
    expect(ok.status).toBe(201);
    // The stored template keeps the reference; only the check resolves it.
    expect(ok.body.base_job_template.variables.properties.n.default).toEqual({ $ref: { block_document_id: doc.id } });
    const bad = await server().rest('POST', '/work_pools/', { name: unique('ref'), base_job_template: template('integer') });
    expect(bad).toMatchObject(
      detail(422, "Validation failed for work pool's job variable defaults: Validation failed for field 'n.image'. Failure reason: 'x' is not of type 'integer'"),
    );
    const notUuid = await server().rest('POST', '/work_pools/', {
      name: unique('ref'),
      base_job_template: { job_configuration: { a: '{{ n }}' }, variables: { type: 'object', properties: { n: { default: { $ref: { block_document_id: 'nope' } } } } } },
    });
    expect(notUuid).toMatchObject(detail(404, 'Block not found.'));
  });

  it('filter (by name) and count', async () => {
    const tag = unique('f');
    const a = await createPool(server(), { name: `${tag}-b`, type: 'docker' });
    const b = await createPool(server(), { name: `${tag}-a`, type: 'process' });
    const filtered = await server().rest('POST', '/work_pools/filter', { work_pools: { name: { any_: [a.name, b.name] } } });
    expect(filtered.body.map((p: any) => p.name)).toEqual([b.name, a.name]);
    const byType = await server().rest('POST', '/work_pools/filter', { work_pools: { operator: 'and_', id: { any_: [a.id, b.id] }, type: { any_: ['docker'] } } });
    expect(byType.body.map((p: any) => p.id)).toEqual([a.id]);
    expect((await server().rest('POST', '/work_pools/filter', { work_pools: { id: { any_: [] } } })).body).toEqual([]);
    expect((await server().rest('POST', '/work_pools/count', { work_pools: { name: { any_: [a.name, b.name] } } })).body).toBe(2);
    expect((await server().rest('POST', '/work_pools/filter', { limit: 201 })).body).toEqual({ detail: 'Invalid limit: must be less than or equal to 200.' });
    expect(await server().rest('GET', '/work_pools/filter')).toMatchObject(detail(404, 'Work pool "filter" not found.'));
  });

  it('PATCH: status rules, only given keys, reserved names, events', async () => {
    const pool = await createPool(server(), { name: unique('p'), type: 'process', description: 'd', concurrency_limit: 2 });
    const events = captureEvents(server());
    expect((await server().rest('PATCH', `/work_pools/${pool.name}`, { is_paused: true })).status).toBe(204);
    let read = (await server().rest('GET', `/work_pools/${pool.name}`)).body;
    expect(read).toMatchObject({ is_paused: true, status: 'PAUSED', description: 'd', concurrency_limit: 2 });
    await server().rest('PATCH', `/work_pools/${pool.name}`, { is_paused: false });
    expect((await server().rest('GET', `/work_pools/${pool.name}`)).body.status).toBe('NOT_READY');
    await server().db.worker.create({ data: { work_pool_id: pool.id, name: 'w', status: 'ONLINE' } });
    await server().rest('PATCH', `/work_pools/${pool.name}`, { is_paused: false });
    read = (await server().rest('GET', `/work_pools/${pool.name}`)).body;
    expect(read.status).toBe('READY');
    await server().rest('PATCH', `/work_pools/${pool.name}`, { description: 'new', concurrency_limit: null, storage_configuration: { bundle_upload_step: { a: 1 } } });
    read = (await server().rest('GET', `/work_pools/${pool.name}`)).body;
    expect(read).toMatchObject({
      description: 'new',
      concurrency_limit: null,
      active_slots: null,
      status: 'READY',
      storage_configuration: { bundle_upload_step: { a: 1 }, bundle_execution_step: null, default_result_storage_block_id: null },
    });
    await server().rest('PATCH', `/work_pools/${pool.name}`, { storage_configuration: {} });
    expect((await server().rest('GET', `/work_pools/${pool.name}`)).body.storage_configuration.bundle_upload_step).toBeNull();
    const seen = (await events.named('prefect.work-pool.')).filter((e) => e.resource['prefect.resource.id'] === `prefect.work-pool.${pool.id}`);
    expect(seen.map((e) => e.event)).toEqual([
      'prefect.work-pool.paused',
      'prefect.work-pool.not-ready',
      'prefect.work-pool.ready',
      'prefect.work-pool.updated',
      'prefect.work-pool.updated',
    ]);
    expect(seen[1].follows).toBe(seen[0].id);
    expect(seen[3].payload.updated_fields).toEqual(['description', 'concurrency_limit', 'storage_configuration']);
    expect(seen[3].payload.updates.description).toEqual({ from: 'd', to: 'new' });
    events.stop();

    for (const key of ['name', 'type']) {
      const res = await server().rest('PATCH', `/work_pools/${pool.name}`, { [key]: 'x' });
      expect(res.status).toBe(422);
      expect(res.body.exception_detail[0]).toMatchObject({ type: 'extra_forbidden', loc: ['body', key], msg: 'Extra inputs are not permitted' });
    }
    expect(await server().rest('PATCH', '/work_pools/prefect-x', { description: 'x' })).toMatchObject(
      detail(403, "Work pools starting with 'Prefect' are reserved for internal use and can only be updated to set concurrency limits or pause."),
    );
    expect(await server().rest('PATCH', '/work_pools/prefect-x', { is_paused: true })).toMatchObject(detail(404, 'Work pool "prefect-x" not found.'));
    expect(await server().rest('PATCH', '/work_pools/nope-missing', { description: 'x' })).toMatchObject(detail(404, 'Work pool "nope-missing" not found.'));
    const badTemplate = await server().rest('PATCH', `/work_pools/${pool.name}`, { base_job_template: { variables: { a: 1 } } });
    expect(badTemplate.status).toBe(422);
    expect((await server().rest('PATCH', `/work_pools/${pool.name}`, { concurrency_limit: -2 })).status).toBe(422);
  });

  it('prefect-agent pools keep a null status when paused', async () => {
    const pool = await createPool(server(), { name: unique('ag') });
    await server().rest('PATCH', `/work_pools/${pool.name}`, { is_paused: true });
    expect((await server().rest('GET', `/work_pools/${pool.name}`)).body).toMatchObject({ is_paused: true, status: null });
  });

  it('active_slots counts PENDING and RUNNING runs in the pool', async () => {
    const pool = await createPool(server(), { name: unique('slots'), type: 'process', concurrency_limit: 5 });
    const other = await createQueue(server(), pool.name, { name: 'other', is_paused: true });
    await runInQueue(server(), pool.default_queue_id, { type: 'RUNNING' });
    await runInQueue(server(), other.id, { type: 'PENDING' });
    await runInQueue(server(), other.id, { type: 'COMPLETED' });
    expect((await server().rest('GET', `/work_pools/${pool.name}`)).body.active_slots).toBe(2);
    const list = await server().gql(`{ read_work_pools(work_pools: { name: { any_: ["${pool.name}"] } }) { name active_slots } }`);
    expect(list.data).toEqual({ read_work_pools: [{ name: pool.name, active_slots: 2 }] });
  });

  it('DELETE: cascades queues and workers, keeps deployments and runs without a queue', async () => {
    const pool = await createPool(server(), { name: unique('del'), type: 'process' });
    const extra = await createQueue(server(), pool.name, { name: 'extra' });
    await server().db.worker.create({ data: { work_pool_id: pool.id, name: 'w' } });
    const run = await runInQueue(server(), extra.id, { type: 'SCHEDULED' });
    const events = captureEvents(server());
    expect((await server().rest('DELETE', `/work_pools/${pool.name}`)).status).toBe(204);
    expect(await server().db.workQueue.count({ where: { work_pool_id: pool.id } })).toBe(0);
    expect(await server().db.worker.count({ where: { work_pool_id: pool.id } })).toBe(0);
    expect((await server().db.flowRun.findUniqueOrThrow({ where: { id: run.id } })).work_queue_id).toBeNull();
    const mine = [`prefect.work-pool.${pool.id}`, `prefect.work-queue.${pool.default_queue_id}`, `prefect.work-queue.${extra.id}`];
    const seen = (await events.named('prefect.work-')).filter((e) => mine.includes(e.resource['prefect.resource.id']));
    expect(seen.map((e) => e.event).sort()).toEqual(['prefect.work-pool.deleted', 'prefect.work-queue.deleted', 'prefect.work-queue.deleted']);
    events.stop();
    expect(await server().rest('DELETE', `/work_pools/${pool.name}`)).toMatchObject(detail(404, `Work pool "${pool.name}" not found.`));
    expect(await server().rest('DELETE', '/work_pools/PREFECT-thing')).toMatchObject(
      detail(403, "Work pools starting with 'Prefect' are reserved for internal use and can not be deleted."),
    );
  });

  it('old clients (User-Agent prefect ≤ 3.3.7) do not get default_result_storage_block_id', async () => {
    const pool = await createPool(server(), { name: unique('ua') });
    const old = await server().rest('GET', `/work_pools/${pool.name}`, undefined, { 'user-agent': 'prefect/3.3.7 (API 0.8.4)' });
    expect(old.body.storage_configuration).toEqual({ bundle_upload_step: null, bundle_execution_step: null });
    const recent = await server().rest('GET', `/work_pools/${pool.name}`, undefined, { 'user-agent': 'prefect/3.3.8 (API 0.8.4)' });
    expect(recent.body.storage_configuration).toHaveProperty('default_result_storage_block_id', null);
  });

  it('GraphQL: create, read, update, delete with errors carrying codes', async () => {
    const name = unique('gql');
    const created = await server().gql(
      `mutation { create_work_pool(work_pool: { name: "${name}", type: "process", concurrency_limit: 1 }) { id name status active_slots default_queue_id } }`,
    );
    expect(created.data).toMatchObject({ create_work_pool: { name, status: 'NOT_READY', active_slots: 0 } });
    const updated = await server().gql(`mutation { update_work_pool(name: "${name}", work_pool: { is_paused: true }) }`);
    expect(updated.data).toEqual({ update_work_pool: true });
    const read = await server().gql(`{ read_work_pool(name: "${name}") { status is_paused } count_work_pools(work_pools: { name: { any_: ["${name}"] } }) }`);
    expect(read.data).toEqual({ read_work_pool: { status: 'PAUSED', is_paused: true }, count_work_pools: 1 });
    const dup = await server().gql(`mutation { create_work_pool(work_pool: { name: "${name}" }) { id } }`);
    expect(dup.errors?.[0]).toMatchObject({ message: 'A work pool with this name already exists.', extensions: { code: 'CONFLICT', status: 409 } });
    const reserved = await server().gql('mutation { delete_work_pool(name: "prefect") }');
    expect(reserved.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect((await server().gql(`mutation { delete_work_pool(name: "${name}") }`)).data).toEqual({ delete_work_pool: true });
    const gone = await server().gql(`{ read_work_pool(name: "${name}") { id } }`);
    expect(gone.errors?.[0]).toMatchObject({ message: `Work pool "${name}" not found.`, extensions: { code: 'NOT_FOUND' } });
  });
});
