// The SQL compiler of src/filters/sql against Prisma itself: for random
// filters as the filter layer compiles them (every operator, and_/or_, tags,
// NULL checks, relation EXISTS), random sorts, limits and offsets, the window
// statement picks per parent exactly what Prisma's findMany gives per parent.
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { toWhere } from '../../src/filters/condition.ts';
import { modelsOf } from '../../src/filters/sql/datamodel.ts';
import { Params } from '../../src/filters/sql/params.ts';
import { compileWhere, newScope } from '../../src/filters/sql/where.ts';
import { pageStatements } from '../../src/filters/sql/window.ts';
import { FlowRunFilter } from '../../src/resources/flow-runs/filters.ts';
import { FlowRunSort } from '../../src/resources/flow-runs/sort.ts';
import { TaskRunFilter } from '../../src/resources/task-runs/filters.ts';
import { TaskRunSort } from '../../src/resources/task-runs/sort.ts';
import { describeEachDatabase } from '../support/each-database.ts';
import { SEED_ENV, seedGraph } from './seed.ts';

const BASE = Date.UTC(2024, 0, 1);
const STATE_TYPES = ['COMPLETED', 'FAILED', 'RUNNING', 'SCHEDULED', 'PENDING'];
const STATE_NAMES = ['Completed', 'Failed', 'Running', 'Scheduled', 'Pending', 'Late'];
const TAGS = ['db', 'etl', 'ml', 'nightly', 'absent'];

/** Minutes, so boundaries hit seeded times exactly (before_/after_ are inclusive). */
const time = fc.integer({ min: -10, max: 1010 }).map((m) => new Date(BASE + m * 60_000));
const operator = fc.constantFrom('and_', 'or_');
const some = <T>(items: T[]) => fc.subarray(items, { minLength: 0 });
const optional = <T extends Record<string, fc.Arbitrary<unknown>>>(fields: T) => fc.record(fields, { requiredKeys: [] });

function flowRunFilter(ids: string[]) {
  const times = optional({ before_: time, after_: time, is_null_: fc.boolean() });
  const field = optional({
    operator,
    id: fc.oneof(optional({ any_: some(ids) }), optional({ not_any_: some(ids) })),
    name: optional({ any_: some(['nested-000-run-001', 'prop-000-run-003', 'nope']), like_: fc.constantFrom('run_0', 'RUN_01', '%0%1', '_', '', 'zz') }),
    tags: optional({ operator, all_: some(TAGS), any_: some(TAGS), is_null_: fc.boolean() }),
    deployment_id: optional({ operator, is_null_: fc.boolean() }),
    work_queue_name: optional({ operator, any_: some(['default', 'gpu', 'other']), is_null_: fc.boolean() }),
    state: optional({
      operator,
      type: optional({ any_: some(STATE_TYPES), not_any_: some(STATE_TYPES) }),
      name: optional({ any_: some(STATE_NAMES), not_any_: some(STATE_NAMES) }),
    }),
    start_time: times,
    end_time: times,
    expected_start_time: optional({ before_: time, after_: time }),
    next_scheduled_start_time: optional({ before_: time, after_: time }),
    parent_task_run_id: optional({ operator, is_null_: fc.boolean() }),
    parent_flow_run_id: optional({ operator, any_: some(ids.slice(0, 3)) }),
    idempotency_key: optional({ not_any_: some(['k1']) }),
    created_by: optional({ operator, type_: some(['AUTOMATION']), is_null_: fc.boolean() }),
  });
  return field;
}

function taskRunFilter(ids: string[]) {
  const times = optional({ before_: time, after_: time, is_null_: fc.boolean() });
  return optional({
    operator,
    id: optional({ any_: some(ids) }),
    name: optional({ any_: some(['task-01', 'task-02', 'nope']), like_: fc.constantFrom('task_0', 'TASK', '%1', '') }),
    tags: optional({ operator, all_: some(TAGS), is_null_: fc.boolean() }),
    state: optional({ operator, type: optional({ any_: some(STATE_TYPES) }), name: optional({ any_: some(STATE_NAMES) }) }),
    start_time: times,
    end_time: times,
    expected_start_time: optional({ before_: time, after_: time }),
    subflow_runs: optional({ exists_: fc.boolean() }),
    flow_run_id: optional({ operator, any_: some(ids.slice(0, 2)), is_null_: fc.boolean() }),
  });
}

const FLOW_RUN_SORTS = [
  'ID_DESC',
  'START_TIME_ASC',
  'START_TIME_DESC',
  'EXPECTED_START_TIME_ASC',
  'EXPECTED_START_TIME_DESC',
  'NAME_ASC',
  'NAME_DESC',
  'NEXT_SCHEDULED_START_TIME_ASC',
  'END_TIME_DESC',
];
const TASK_RUN_SORTS = ['ID_DESC', 'EXPECTED_START_TIME_ASC', 'EXPECTED_START_TIME_DESC', 'NAME_ASC', 'NAME_DESC', 'NEXT_SCHEDULED_START_TIME_ASC', 'END_TIME_DESC'];

describeEachDatabase(
  'SQL compiled from Prisma where and orderBy',
  (server, provider) => {
    let flowIds: string[];
    let runIds: string[];
    let taskIds: string[];
    beforeAll(async () => {
      const { db } = server();
      ({ flowIds } = await seedGraph(db, provider, { flows: 6, runsPerFlow: 30, tasksPerRun: 4, prefix: 'prop' }));
      runIds = (await db.flowRun.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((r) => r.id);
      taskIds = (await db.taskRun.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((r) => r.id);
      // Subflows and a child with an idempotency key, so parent_* and subflow_runs filters can match.
      const parents = await db.taskRun.findMany({ take: 3, orderBy: { id: 'asc' } });
      for (const [i, task] of parents.entries()) {
        await db.flowRun.update({
          where: { id: runIds[runIds.length - 1 - i] },
          data: { parent_task_run_id: task.id, idempotency_key: i === 0 ? 'k1' : null, created_by_type: i === 1 ? 'AUTOMATION' : null },
        });
      }
    }, 120_000);

    const sample = <T>(items: T[], n: number) => items.filter((_, i) => i % Math.ceil(items.length / n) === 0);

    it('picks per parent what Prisma picks per parent (flow runs of flows)', async () => {
      const { db } = server();
      const models = modelsOf(db);
      await fc.assert(
        fc.asyncProperty(
          flowRunFilter(sample(runIds, 8)),
          fc.constantFrom(...FLOW_RUN_SORTS),
          fc.integer({ min: 0, max: 12 }),
          fc.integer({ min: 0, max: 8 }),
          async (filter, sort, limit, offset) => {
            const where = toWhere(FlowRunFilter.compile(filter as any, { provider }));
            const orderBy = FlowRunSort.orderBy(sort as any);
            const [statement, ...more] = pageStatements(models, provider, { model: 'FlowRun', parentColumn: 'flow_id', parents: flowIds, where, orderBy, limit, offset });
            expect(more).toEqual([]);
            const picked = statement.read(await db.$queryRawUnsafe(statement.sql, ...statement.values));
            const actual = flowIds.map((f) =>
              picked
                .filter((p) => p.parent === f)
                .sort((a, b) => a.rank - b.rank)
                .map((p) => p.id),
            );
            const expected = await Promise.all(
              flowIds.map(async (f) =>
                (await db.flowRun.findMany({ where: { AND: [where, { flow_id: f }] }, orderBy: orderBy as any, take: limit, skip: offset, select: { id: true } })).map((r) => r.id),
              ),
            );
            expect(actual).toEqual(expected);
          },
        ),
        { numRuns: 120, seed: 1414 },
      );
    });

    it('picks per parent what Prisma picks per parent (task runs of flow runs)', async () => {
      const { db } = server();
      const models = modelsOf(db);
      const parents = sample(runIds, 10);
      await fc.assert(
        fc.asyncProperty(
          taskRunFilter(sample(taskIds, 8)),
          fc.constantFrom(...TASK_RUN_SORTS),
          fc.integer({ min: 0, max: 5 }),
          fc.integer({ min: 0, max: 3 }),
          async (filter, sort, limit, offset) => {
            const where = toWhere(TaskRunFilter.compile(filter as any, { provider }));
            const orderBy = TaskRunSort.orderBy(sort as any);
            const [statement, ...more] = pageStatements(models, provider, { model: 'TaskRun', parentColumn: 'flow_run_id', parents, where, orderBy, limit, offset });
            expect(more).toEqual([]);
            const picked = statement.read(await db.$queryRawUnsafe(statement.sql, ...statement.values));
            const actual = parents.map((r) =>
              picked
                .filter((p) => p.parent === r)
                .sort((a, b) => a.rank - b.rank)
                .map((p) => p.id),
            );
            const expected = await Promise.all(
              parents.map(async (r) =>
                (await db.taskRun.findMany({ where: { AND: [where, { flow_run_id: r }] }, orderBy: orderBy as any, take: limit, skip: offset, select: { id: true } })).map(
                  (t) => t.id,
                ),
              ),
            );
            expect(actual).toEqual(expected);
          },
        ),
        { numRuns: 120, seed: 1415 },
      );
    });

    it('selects the rows Prisma selects for a where (every flow run)', async () => {
      const { db } = server();
      const models = modelsOf(db);
      await fc.assert(
        fc.asyncProperty(flowRunFilter(sample(runIds, 8)), async (filter) => {
          const where = toWhere(FlowRunFilter.compile(filter as any, { provider }));
          const params = new Params(provider);
          const sql = `SELECT t.id AS id FROM flow_run t WHERE ${compileWhere(newScope(models, params), models.get('FlowRun')!, 't', where)} ORDER BY t.id`;
          const actual = (await db.$queryRawUnsafe<{ id: string }[]>(sql, ...params.values)).map((r) => r.id);
          const expected = (await db.flowRun.findMany({ where, select: { id: true }, orderBy: { id: 'asc' } })).map((r) => r.id);
          expect(actual).toEqual(expected);
        }),
        { numRuns: 150, seed: 1416 },
      );
    });

    it('rejects a where shape it does not know, rather than guess', () => {
      const models = modelsOf(server().db);
      const scope = newScope(models, new Params(provider));
      expect(() => compileWhere(scope, models.get('FlowRun')!, 't', { name: { search: 'x' } })).toThrow(/unsupported operator search/);
      expect(() => compileWhere(scope, models.get('FlowRun')!, 't', { task_runs: { every: {} } })).toThrow(/unsupported list relation filter/);
      expect(() => compileWhere(scope, models.get('FlowRun')!, 't', { nope: 1 })).toThrow(/unknown field/);
    });
  },
  SEED_ENV,
);
