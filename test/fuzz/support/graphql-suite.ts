// The GraphQL fuzz suite, split over several test files (each its own seed) so
// vitest can run them side by side.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../support/each-database.ts';
import { FUZZ_SEED, requestsFor, seedFor } from './config.ts';
import { graphqlCase, sendGraphQL } from './graphql-cases.ts';
import { FuzzClient } from './http.ts';
import { seed } from './pool.ts';
import { fuzz, summary } from './runner.ts';
import { FUZZ_SERVICE_ENV } from './checksum.ts';

const BATCH = 8;

export function graphqlFuzzSuite(part: number, parts: number, baseRequests: number) {
  const requests = requestsFor(baseRequests);
  describeEachDatabase(
    `GraphQL fuzz ${part + 1}/${parts}`,
    (server, provider) => {
      it(`answers ${requests} generated documents: no 5xx or leaks, each error with a code, nothing written when rejecting (seed ${FUZZ_SEED})`, async () => {
        await seed(server());
        const client = new FuzzClient(server().url, BATCH);
        try {
          const stats = await fuzz({
            server: server(),
            provider,
            door: 'graphql',
            arbitrary: graphqlCase,
            batchSize: BATCH,
            requests,
            seed: seedFor(`graphql-${part}`, provider),
            send: (c, pool) => sendGraphQL(client, c, pool),
            // Mutations go one at a time: a batch with one successful write could not be compared, and many mutations succeed.
            sequential: (c) => c.operation === 'mutation',
          });
          console.log(summary(`GraphQL fuzz ${part + 1}/${parts} [${provider}]`, stats));
          expect(stats.requests).toBeGreaterThanOrEqual(requests);
        } finally {
          client.close();
        }
      }, 240_000);
    },
    FUZZ_SERVICE_ENV,
  );
}
