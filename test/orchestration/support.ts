// Shared set-up for the orchestration tests: one migrated database per
// database kind and describe block (a copy of the run's migrated template: migrating
// each one anew cost seconds per block on a busy machine), and small factories for
// runs in a given state.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { makeClient, type Db } from '../../src/db/client.ts';
import type { DatabaseTarget } from '../../src/db/url.ts';
import type { Prisma } from '../../src/generated/sqlite/client.ts';
import { setFlowRunState, setTaskRunState, type StateCreateInput, type StateType } from '../../src/orchestration/index.ts';
import { stateDataOf } from '../../src/orchestration/states.ts';
import type { TestDatabases } from '../support/databases.ts';

export { testTargets } from '../support/databases.ts';

export interface Harness {
  readonly db: Db;
  readonly target: DatabaseTarget;
  newFlowRun(fields?: Partial<Prisma.FlowRunUncheckedCreateInput>): Promise<string>;
  newTaskRun(fields?: Partial<Prisma.TaskRunUncheckedCreateInput>): Promise<string>;
  /** A flow run whose current state was forced to `state` (a type or a full StateCreate). */
  flowRunIn(state: StateType | StateCreateInput, fields?: Partial<Prisma.FlowRunUncheckedCreateInput>): Promise<string>;
  /** A task run (of `flow_run_id`, if given) whose current state was forced to `state`. */
  taskRunIn(state: StateType | StateCreateInput, fields?: Partial<Prisma.TaskRunUncheckedCreateInput>): Promise<string>;
  flowRun(id: string): Promise<Prisma.FlowRunGetPayload<{ include: { state: true } }>>;
  taskRun(id: string): Promise<Prisma.TaskRunGetPayload<{ include: { state: true } }>>;
}

const asState = (state: StateType | StateCreateInput): StateCreateInput => (typeof state === 'string' ? { type: state } : state);

/** Registers beforeAll/afterAll for a fresh migrated database of this kind (a server started on it does not migrate again). */
export function useDatabase(databases: TestDatabases): Harness {
  let db: Db | undefined;
  let target: DatabaseTarget | undefined;
  beforeAll(async () => {
    target = await databases.createMigrated();
    db = makeClient(target);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await databases.dispose();
  });
  const harness: Harness = {
    get db() {
      return db!;
    },
    get target() {
      return target!;
    },
    async newFlowRun(fields = {}) {
      const flow = await db!.flow.create({ data: { name: `flow-${randomUUID()}` } });
      return (await db!.flowRun.create({ data: { name: 'a-run', flow_id: flow.id, ...fields } })).id;
    },
    async newTaskRun(fields = {}) {
      return (await db!.taskRun.create({ data: { name: 'a-task', task_key: 'key', dynamic_key: randomUUID(), ...fields } })).id;
    },
    async flowRunIn(state, fields = {}) {
      const id = await harness.newFlowRun(fields);
      const result = await setFlowRunState(db!, id, asState(state), { force: true });
      if (result.status !== 'ACCEPT') throw new Error(`could not force ${JSON.stringify(state)}: ${JSON.stringify(result.details)}`);
      return id;
    },
    async taskRunIn(state, fields = {}) {
      const id = await harness.newTaskRun(fields);
      const result = await setTaskRunState(db!, id, asState(state), { force: true });
      if (result.status !== 'ACCEPT') throw new Error(`could not force ${JSON.stringify(state)}: ${JSON.stringify(result.details)}`);
      return id;
    },
    async flowRun(id) {
      // A state's data lives in its result artifact (artifacts §7): read back as the API does.
      const run = await db!.flowRun.findUniqueOrThrow({ where: { id }, include: { state: { include: { result_artifact: { select: { data: true } } } } } });
      return { ...run, state: run.state && { ...run.state, data: stateDataOf(run.state) ?? null } };
    },
    async taskRun(id) {
      // A state's data lives in its result artifact (artifacts §7): read back as the API does.
      const run = await db!.taskRun.findUniqueOrThrow({ where: { id }, include: { state: { include: { result_artifact: { select: { data: true } } } } } });
      return { ...run, state: run.state && { ...run.state, data: stateDataOf(run.state) ?? null } };
    },
  };
  return harness;
}

/** A time `seconds` from now, as StateDetails datetimes are sent. */
export const inSeconds = (seconds: number): string => new Date(Date.now() + seconds * 1000).toISOString();

export const reasonOf = (result: { details: { type: string } }): string | null => ('reason' in result.details ? (result.details.reason as string | null) : null);
