// Issue 13 point 8, GraphQL half: documents over every root field of our schema
// (introspected in-process), with valid and invalid arguments inline and as
// variables, random selections, aliases, fragments, introspection and broken
// documents. Properties: no 5xx (HTTP or extensions), every error with a message
// and extensions.code and nothing internal in it, and the data unchanged by
// rejected mutations. See support/runner.ts.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { requestsFor, seedFor, FUZZ_SEED } from './support/config.ts';
import { graphqlCase, sendGraphQL } from './support/graphql-cases.ts';
import { FuzzClient } from './support/http.ts';
import { seed } from './support/pool.ts';
import { fuzz, summary } from './support/runner.ts';

const REQUESTS = requestsFor(1_400);
const BATCH = 8;

describeEachDatabase('GraphQL fuzz', (server, provider) => {
  it(`answers ${REQUESTS} generated documents without 5xx or leaks, each error with a code, writing nothing when rejecting (seed ${FUZZ_SEED})`, async () => {
    await seed(server());
    const client = new FuzzClient(server().url, BATCH);
    try {
      const stats = await fuzz({
        server: server(),
        provider,
        door: 'graphql',
        arbitrary: graphqlCase,
        batchSize: BATCH,
        requests: REQUESTS,
        seed: seedFor('graphql', provider),
        send: (c, pool) => sendGraphQL(client, c, pool),
        // Mutations go one at a time: a batch with one successful write is not compared, and many mutations succeed.
        sequential: (c) => c.operation === 'mutation' && !c.broken,
      });
      console.log(summary(`GraphQL fuzz [${provider}]`, stats));
      expect(stats.requests).toBeGreaterThanOrEqual(REQUESTS);
    } finally {
      client.close();
    }
  }, 150_000);
});
