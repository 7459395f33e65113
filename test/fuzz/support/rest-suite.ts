// The REST fuzz suite, split over several test files (each file a share of the
// OpenAPI operations) so vitest can run them side by side.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../support/each-database.ts';
import { FUZZ_SCALE, FUZZ_SEED, requestsFor, seedFor } from './config.ts';
import { FuzzClient } from './http.ts';
import { seed } from './pool.ts';
import { minimizeRest, operationGroup, restCases, sendRest, writesWhenServed } from './rest-cases.ts';
import { fuzz, summary } from './runner.ts';
import { FUZZ_SERVICE_ENV } from './checksum.ts';

const BATCH = 8;

export function restFuzzSuite(part: number, parts: number, baseRequests: number) {
  const requests = requestsFor(baseRequests);
  const ops = operationGroup(part, parts);
  const arbitrary = restCases(ops);
  describeEachDatabase(
    `REST fuzz ${part + 1}/${parts}`,
    (server, provider) => {
      it(`answers ${requests} requests over ${ops.length} OpenAPI operations: no 5xx, Prefect's error shapes, nothing written when rejecting (seed ${FUZZ_SEED})`, async () => {
        await seed(server());
        const client = new FuzzClient(server().url, BATCH);
        try {
          const stats = await fuzz({
            server: server(),
            provider,
            door: 'rest',
            arbitrary,
            batchSize: BATCH,
            requests,
            seed: seedFor(`rest-${part}`, provider),
            send: (c, pool) => sendRest(client, '/api', c, pool),
            minimize: (c, pool, same) => minimizeRest(client, '/api', c, pool, same),
            sequential: writesWhenServed,
          });
          console.log(`${summary(`REST fuzz ${part + 1}/${parts} [${provider}]`, stats)}\n  ${stats.routes.size}/${ops.length} operations asked`);
          expect(stats.requests).toBeGreaterThanOrEqual(requests);
          // Every operation of this share was asked at least once (at full scale; smaller runs may miss some).
          if (FUZZ_SCALE >= 1) expect(ops.filter((op) => !stats.routes.has(`${op.method} ${op.path}`)).map((op) => `${op.method} ${op.path}`)).toEqual([]);
        } finally {
          client.close();
        }
      }, 240_000);
    },
    FUZZ_SERVICE_ENV,
  );
}
