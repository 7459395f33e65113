// Not a test: prints EXPLAIN plans of the relation statements (page arms per
// parent, states, grouped counts) on a database seeded by bulk SQL, to choose
// indexes. Usage:
//   npx tsx test/relations/explain-plans.ts /tmp/plans.db --seed          (SQLite)
//   npx tsx test/relations/explain-plans.ts postgresql://postgres@127.0.0.1:5432/plans --seed
// --seed adds 100 flows × 1,000 runs × 2 task runs (about 5 minutes on a busy machine).
import { makeClient } from '../../src/db/client.ts';
import { applyMigrations } from '../../src/db/migrate.ts';
import { modelsOf } from '../../src/filters/sql/datamodel.ts';
import { pageStatements } from '../../src/filters/sql/window.ts';
import { FlowRunSort } from '../../src/resources/flow-runs/sort.ts';
import { TaskRunSort } from '../../src/resources/task-runs/sort.ts';
import { seedGraph } from './seed.ts';

async function main() {
  const [where, flag] = process.argv.slice(2);
  const pg = where.startsWith('postgres');
  const target = pg ? { provider: 'postgresql' as const, url: where } : { provider: 'sqlite' as const, file: where };
  await applyMigrations(target as any);
  const db = makeClient(target as any);
  if (flag === '--seed') {
    await seedGraph(db, target.provider, { flows: 100, runsPerFlow: 1000, tasksPerRun: 2, prefix: 'plans' });
    await db.$executeRawUnsafe('ANALYZE');
  }
  const models = modelsOf(db);
  const flows = (await db.flow.findMany({ take: 20, orderBy: { name: 'asc' }, select: { id: true } })).map((f) => f.id);
  const runs = (await db.flowRun.findMany({ where: { flow_id: { in: flows } }, take: 200, select: { id: true } })).map((r) => r.id);
  const explain = async (title: string, sql: string, values: unknown[]) => {
    const prefix = pg ? 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) ' : 'EXPLAIN QUERY PLAN ';
    const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(prefix + sql, ...values);
    // One arm per parent: print the distinct plan lines with their counts.
    const lines = new Map<string, number>();
    for (const r of rows) {
      const line = String(pg ? r['QUERY PLAN'] : r.detail)
        .replace(/'[0-9a-f-]{36}'/g, "'…'")
        .replace(/\b(t|a)_?\d+\b/g, '$1')
        .replace(/\(actual rows=\d+/, '(actual rows=n')
        .replace(/Heap Fetches: \d+/, 'Heap Fetches: n')
        .replace(/Time: [\d.]+ ms/, 'Time: t ms');
      lines.set(line, (lines.get(line) ?? 0) + 1);
    }
    console.log(`\n### ${title}\n${[...lines].map(([l, n]) => `${n > 1 ? `${n}× ` : ''}${l}`).join('\n')}`);
  };
  for (const sort of ['START_TIME_DESC', 'EXPECTED_START_TIME_DESC', 'ID_DESC', 'NAME_ASC']) {
    const [s] = pageStatements(models, target.provider, {
      model: 'FlowRun',
      parentColumn: 'flow_id',
      parents: flows,
      where: {},
      orderBy: FlowRunSort.orderBy(sort as any),
      limit: 10,
      offset: 0,
    });
    await explain(`flow_runs(limit: 10, sort: ${sort}) of 20 flows`, s.sql, s.values);
  }
  const [tasks] = pageStatements(models, target.provider, {
    model: 'TaskRun',
    parentColumn: 'flow_run_id',
    parents: runs,
    where: {},
    orderBy: TaskRunSort.orderBy('EXPECTED_START_TIME_DESC'),
    limit: 5,
    offset: 0,
  });
  await explain('task_runs(limit: 5, sort: EXPECTED_START_TIME_DESC) of 200 runs', tasks.sql, tasks.values);
  const [states] = pageStatements(models, target.provider, {
    model: 'FlowRunState',
    parentColumn: 'flow_run_id',
    parents: runs,
    where: {},
    orderBy: [{ timestamp: 'asc' }],
    limit: 200,
    offset: 0,
  });
  await explain('states of 200 runs', states.sql, states.values);
  await db.$disconnect();
}

await main();
