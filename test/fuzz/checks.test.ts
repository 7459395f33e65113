// The fuzz test's own checks must be able to fail: each checker is shown a bad
// answer, and the runner is shown a "rejected" request that writes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { changedTables, FUZZ_SERVICE_ENV, settledChecksum } from './support/checksum.ts';
import { graphqlViolations, type GraphQLCase } from './support/graphql-cases.ts';
import { KNOWN_FAILURES, knownFailure } from './support/known-failures.ts';
import { errorShapeProblem, leakIn } from './support/rest-cases.ts';
import { fuzz, type Outcome } from './support/runner.ts';

describe('fuzz checkers', () => {
  it("accepts Prefect's error bodies and nothing else", () => {
    expect(errorShapeProblem(404, { detail: 'Not Found' })).toBeUndefined();
    expect(errorShapeProblem(401, { exception_message: 'Unauthorized' })).toBeUndefined();
    const item = { type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: null };
    expect(errorShapeProblem(422, { exception_message: 'Invalid request received.', exception_detail: [item], request_body: {} })).toBeUndefined();
    expect(errorShapeProblem(400, { message: 'bad' })).toMatch(/not a Prefect error body/);
    expect(errorShapeProblem(409, { detail: 'x', extra: 1 })).toMatch(/not a Prefect error body/);
    expect(errorShapeProblem(422, { exception_message: 'Invalid request received.', exception_detail: [{ ...item, url: 'u' }], request_body: null })).toMatch(/item keys/);
    expect(errorShapeProblem(422, { exception_message: 'Invalid request received.', exception_detail: [{ ...item, loc: ['cookie'] }], request_body: null })).toMatch(/loc/);
    expect(errorShapeProblem(400, 'text')).toMatch(/not an object/);
  });

  it('sees internals in messages', () => {
    expect(leakIn(['Invalid `prisma.flow.findMany()` invocation'])).toMatch(/Prisma/);
    expect(leakIn(['boom\n    at run (/work/main/src/x.ts:1:2)'])).toMatch(/stack/);
    expect(leakIn(["Cannot read properties of undefined (reading 'id')"])).toMatch(/JavaScript/);
    expect(leakIn(['Flow not found', 'Input should be a valid UUID'])).toBeUndefined();
  });

  it('flags GraphQL errors without a code, internal errors and stacks', () => {
    const c: GraphQLCase = { operation: 'query', roots: [{ key: 'read_flows', field: 'read_flows' }], query: '', variables: {}, transport: 'json', broken: false };
    const answer = (errors: unknown[]) => ({ status: 200, text: '', headers: {}, json: { data: null, errors } });
    expect(graphqlViolations(c, answer([{ message: 'x', extensions: { code: 'BAD_USER_INPUT' } }]))).toEqual([]);
    expect(graphqlViolations(c, answer([{ message: 'Syntax Error: x' }]))[0]).toMatchObject({ cls: 'error-shape', route: 'graphql request' });
    expect(graphqlViolations(c, answer([{ message: 'Unexpected error.', path: ['read_flows'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]))[0].cls).toBe('5xx');
    expect(graphqlViolations(c, answer([{ message: 'x', extensions: { code: 'X', stacktrace: [] } }]))[0].cls).toBe('leak');
    expect(graphqlViolations(c, { status: 502, text: '', headers: {} })[0].cls).toBe('5xx');
  });

  it('matches a known failure only on its own class, route, request and database', () => {
    const nullItem = KNOWN_FAILURES.find((k) => k.id === 'rest-null-list-item')!;
    const v = { cls: '5xx', route: 'POST /flows/filter', message: '500' };
    expect(knownFailure(v, 'sqlite', 'POST /api/flows/filter {"flows":{"name":{"any_":[null]}}}')).toBe(nullItem);
    expect(knownFailure(v, 'sqlite', 'POST /api/flows/filter {"flows":{"name":{"any_":["a"]}}}')).toBeUndefined();
    expect(knownFailure({ ...v, cls: 'error-shape' }, 'sqlite', '{"any_":[null]}')).toBeUndefined();
    expect(knownFailure(v, 'sqlite', '{"name":"x\\ud83d"}')).toBeUndefined();
  });
});

describeEachDatabase(
  'fuzz runner',
  (server, provider) => {
    it('changes the checksum on a write, not on a read', async () => {
      const before = await settledChecksum(server());
      await server().rest('POST', '/flows/filter', {});
      expect(changedTables(before, await settledChecksum(server()))).toEqual([]);
      await server().rest('POST', '/flows/', { name: `checksum-${provider}` });
      // The flow row, and the prefect.flow.created event the persister stored once the bus settled.
      expect(changedTables(before, await settledChecksum(server()))).toEqual([
        expect.stringMatching(/^event_resources \(\d+ → \d+ rows\)/),
        expect.stringMatching(/^events \(\d+ → \d+ rows\)/),
        expect.stringMatching(/^flow \(\d+ → \d+ rows\)/),
      ]);
    });

    it('fails, with the seed and the request, when a rejected request wrote', async () => {
      let n = 0;
      const liar = async (): Promise<Outcome> => {
        const res = await server().rest('POST', '/flows/', { name: `liar-${provider}-${n++}` });
        return {
          route: 'POST /flows/',
          request: 'POST /api/flows/ {"name":"liar"}',
          repro: `POST /api/flows/ → pretended 422 (was ${res.status})`,
          status: 422,
          mayWrite: false,
          violations: [],
        };
      };
      const run = fuzz({ server: server(), provider, door: 'rest', arbitrary: fc.constant(0), batchSize: 2, requests: 2, seed: 42, send: liar, survey: false });
      await expect(run).rejects.toThrow(/seed 42[\s\S]*checksum[\s\S]*a rejected request changed [^\n]*flow/);
      const alone = fuzz({
        server: server(),
        provider,
        door: 'graphql',
        arbitrary: fc.constant(0),
        batchSize: 2,
        requests: 2,
        seed: 43,
        send: liar,
        survey: false,
        sequential: () => true,
      });
      await expect(alone).rejects.toThrow(/seed 43[\s\S]*\[checksum\] a rejected request changed [^\n]*flow/);
    });
  },
  FUZZ_SERVICE_ENV,
);
