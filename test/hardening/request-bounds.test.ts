// Bounded work per REST request (issue 13 point 3): body size (413 while
// reading), JSON nesting depth (422 before parsing), integer bounds on offset
// and page (422, not a 500 from SQL).
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { rawPost, repeat } from './raw-post.ts';

const MAX_BODY = 4096;

const nested = (depth: number, inner = '1') => '{"a":'.repeat(depth) + inner + '}'.repeat(depth);

describeEachDatabase(
  'REST request bounds',
  (server) => {
    it('answers 413 from Content-Length, before reading the body', async () => {
      const res = await server().rest('POST', '/flows/filter', JSON.stringify({ flows: { name: { like_: 'x'.repeat(MAX_BODY) } } }));
      expect(res.status).toBe(413);
      expect(res.body).toEqual({ detail: `Request body too large: at most ${MAX_BODY} bytes are accepted (PREFECT_SERVER_API_MAX_BODY_BYTES).` });
    });

    it('answers 413 while streaming a chunked body past the limit, then stops reading and closes', async () => {
      const chunk = Buffer.alloc(1024, 0x20);
      for (const headers of [{}, { 'content-length': String(100 * 1024 * 1024) }] as Record<string, string>[]) {
        const res = await rawPost(`${server().url}/api/flows/filter`, repeat(chunk, 100 * 1024), headers); // 100 MB offered
        expect(res.status).toBe(413);
        expect(JSON.parse(res.body).detail).toMatch(/^Request body too large/);
        expect(res.sentBytes).toBeLessThan(50 * 1024 * 1024);
        expect(res.closed).toBe(true);
      }
    });

    it('accepts a body of exactly the limit', async () => {
      const body = JSON.stringify({ flows: { name: { like_: '' } } });
      const res = await server().rest('POST', '/flows/filter', body + ' '.repeat(MAX_BODY - body.length));
      expect(res.status).toBe(200);
    });

    it('refuses JSON nested past PREFECT_SERVER_API_MAX_JSON_DEPTH with 422, and 100,000 levels too', async () => {
      const res = await server().rest('POST', '/flows/filter', `{"flows":${nested(40)}}`);
      expect(res.status).toBe(422);
      expect(res.body.exception_detail).toEqual([
        {
          type: 'json_invalid',
          loc: ['body', 9 + 5 * 29],
          msg: 'JSON decode error',
          input: {},
          ctx: { error: 'Nesting deeper than 30 levels (PREFECT_SERVER_API_MAX_JSON_DEPTH)' },
        },
      ]);
      const deep = await server().rest('POST', '/flows/filter', '['.repeat(100_000) + ']'.repeat(100_000), { 'content-type': 'application/json' });
      expect(deep.status).toBe(413); // 200 kB > this block's 4 kB body limit; the depth block below sends it within the limit
    });

    it('keeps brackets inside strings out of the depth count', async () => {
      const res = await server().rest('POST', '/flows/filter', { flows: { name: { like_: `${'[[[[{{{{'.repeat(10)}\\"[` } } });
      expect(res.status).toBe(200);
    });

    it('bounds offset and page to 2^31 - 1 with a Pydantic-style 422', async () => {
      expect((await server().rest('POST', '/flows/filter', { offset: 2 ** 31 - 1 })).status).toBe(200);
      for (const offset of [2 ** 31, 2 ** 63, '9223372036854775808']) {
        const res = await server().rest('POST', '/flows/filter', { offset });
        expect(res.status, String(offset)).toBe(422);
        expect(res.body.exception_detail).toEqual([
          { type: 'less_than_equal', loc: ['body', 'offset'], msg: 'Input should be less than or equal to 2147483647', input: offset, ctx: { le: 2147483647 } },
        ]);
      }
      for (const page of [2 ** 31, 2 ** 53 - 1]) {
        const res = await server().rest('POST', '/flow_runs/paginate', { page });
        expect(res.status, String(page)).toBe(422);
        expect(res.body.exception_detail[0]).toMatchObject({ type: 'less_than_equal', loc: ['body', 'page'] });
      }
      expect((await server().rest('POST', '/task_runs/paginate', { page: 2 ** 31 - 1 })).status).toBe(200);
      const gql = await server().gql('{ read_flows(offset: 9223372036854775808) { id } }');
      expect(gql.errors?.[0].message).toMatch(/less than or equal to 2147483647/);
    });
  },
  { PREFECT_SERVER_API_MAX_BODY_BYTES: String(MAX_BODY), PREFECT_SERVER_API_MAX_JSON_DEPTH: '30' },
);

describeEachDatabase('labels per object', (server) => {
  const labels = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));

  it('accepts 1000 labels and refuses 1001 with a 422 on both doors', async () => {
    expect((await server().rest('POST', '/flows/', { name: 'many-labels', labels: labels(1000) })).status).toBe(201);
    const res = await server().rest('POST', '/flows/', { name: 'too-many-labels', labels: labels(1001) });
    expect(res.status).toBe(422);
    expect(res.body.exception_detail).toEqual([
      expect.objectContaining({
        type: 'too_long',
        loc: ['body', 'labels'],
        msg: 'Dictionary should have at most 1000 items after validation, not 1001',
        ctx: { field_type: 'Dictionary', max_length: 1000, actual_length: 1001 },
      }),
    ]);
    const gql = await server().gql<unknown, { l: unknown }>('mutation ($l: KeyValueLabels) { create_flow(flow: { name: "g", labels: $l }) { id } }', { l: labels(1001) });
    expect(gql.errors?.[0].message).toMatch(/Dictionary should have at most 1000 items after validation, not 1001/);
  });

  it('keeps the bound across label merges: the merge that would pass it is a 422 and changes nothing', async () => {
    const flow = await server().rest('POST', '/flows/', { name: 'merged-labels' });
    const run = await server().rest('POST', '/flow_runs/', { flow_id: flow.body.id });
    // The run starts with the system label prefect.flow.id.
    expect((await server().rest('PATCH', `/flow_runs/${run.body.id}/labels`, labels(999))).status).toBe(204);
    const res = await server().rest('PATCH', `/flow_runs/${run.body.id}/labels`, { extra: 1 });
    expect(res.status).toBe(422);
    expect(res.body.exception_detail[0]).toMatchObject({ type: 'too_long', ctx: { max_length: 1000, actual_length: 1001 } });
    expect(Object.keys((await server().rest('GET', `/flow_runs/${run.body.id}`)).body.labels)).toHaveLength(1000);
  });
});

describeEachDatabase('REST JSON depth at the default limit', (server) => {
  it('refuses a body nested 100,000 deep with 422, not a stack overflow', async () => {
    for (const text of ['['.repeat(100_000) + ']'.repeat(100_000), `{"flow_id":"x","parameters":${nested(100_000)}}`]) {
      const res = await server().rest('POST', '/flow_runs/', text, { 'content-type': 'application/json' });
      expect(res.status).toBe(422);
      expect(res.body.exception_detail[0]).toMatchObject({ type: 'json_invalid', ctx: { error: 'Nesting deeper than 500 levels (PREFECT_SERVER_API_MAX_JSON_DEPTH)' } });
    }
  });

  it('stores and returns parameters nested just under the limit on this database', async () => {
    const flow = (await server().rest('POST', '/flows/', { name: 'deep' })).body;
    const parameters = JSON.parse(nested(495));
    const created = await server().rest('POST', '/flow_runs/', { flow_id: flow.id, parameters });
    expect(created.status).toBe(201);
    expect((await server().rest('GET', `/flow_runs/${created.body.id}`)).body.parameters).toEqual(parameters);
  });
});
