// Child process for concurrency.test.ts: proposes a state on a SQLite flow
// run inside a transaction it keeps open for a while, so another process has
// to wait for it. Usage: hold-sqlite-lock.ts <file> <flow run id> <transition id> <hold ms>
import { makeClient } from '../../src/db/client.ts';
import { setFlowRunStateIn } from '../../src/orchestration/index.ts';

const [file, flowRunId, transitionId, holdMs] = process.argv.slice(2);
const db = makeClient({ provider: 'sqlite', file });
try {
  const result = await db.$transaction(
    async (tx) => {
      const answer = await setFlowRunStateIn(tx, flowRunId, { type: 'RUNNING', state_details: { transition_id: transitionId } });
      process.stdout.write('locked\n');
      await new Promise((resolve) => setTimeout(resolve, Number(holdMs)));
      return answer;
    },
    { timeout: 30_000 },
  );
  process.stdout.write(`${JSON.stringify({ status: result.status })}\n`);
} finally {
  await db.$disconnect();
}
