// The GraphQL door takes POSTs only as JSON, so a cross-site browser form
// (urlencoded, multipart, text/plain: no CORS preflight) cannot run a
// mutation; GET never runs one; bodies are bounded before they are read. And a
// Host header that is not host[:port] is a 400, not a 500.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { graphqlPost, raw } from './http.ts';

const MUTATION = 'mutation { create_flow(flow: {name: "cross-site"}) { id } }';

describeEachDatabase('the GraphQL door', (server) => {
  const count = async () => (await server().gql('{ count_flows }')).data as { count_flows: number };

  it('answers 415 to a form post, a multipart post, text/plain and no content type, and writes nothing', async () => {
    const before = (await count()).count_flows;
    const bodies: [string | undefined, string][] = [
      ['application/x-www-form-urlencoded', `query=${encodeURIComponent(MUTATION)}`],
      ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n${MUTATION}\r\n--x--\r\n`],
      ['text/plain', JSON.stringify({ query: MUTATION })],
      ['application/graphql', MUTATION],
      [undefined, JSON.stringify({ query: MUTATION })],
    ];
    for (const [type, body] of bodies) {
      const res = await raw(server().url, { method: 'POST', path: '/graphql', headers: type ? { 'content-type': type } : {}, body });
      expect(res.status, type).toBe(415);
      expect(res.headers['content-type']).toBe('application/json');
      expect(res.json.errors[0]).toMatchObject({ extensions: { code: 'UNSUPPORTED_MEDIA_TYPE', status: 415 } });
      expect(res.json.errors[0].message).toMatch(/Content-Type application\/json/);
    }
    expect((await count()).count_flows).toBe(before);
  });

  it('wants a Content-Length within PREFECT_SERVER_API_MAX_BODY_BYTES (411, 413) and writes nothing', async () => {
    const before = (await count()).count_flows;
    const body = JSON.stringify({ query: MUTATION });
    const chunked = await raw(server().url, { method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, body });
    expect(chunked.status).toBe(411);
    expect(chunked.json.errors[0].extensions).toEqual({ code: 'LENGTH_REQUIRED', status: 411 });
    // Refused on the header, before the body is read.
    const huge = await raw(server().url, {
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': 'application/json', 'content-length': String(10 * 1024 * 1024 + 1) },
      body,
    });
    expect(huge.status).toBe(413);
    expect(huge.json.errors[0].extensions).toEqual({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
    expect(huge.json.errors[0].message).toMatch(/at most 10485760 bytes/);
    expect((await count()).count_flows).toBe(before);
  });

  it('takes application/json (any case, with charset) and application/graphql-response+json', async () => {
    for (const type of ['application/json', 'Application/JSON; charset=utf-8', 'application/graphql-response+json']) {
      const res = await graphqlPost(server().url, '{ hello }', { 'content-type': type });
      expect(res.status, type).toBe(200);
      expect(res.json).toEqual({ data: { hello: '👋' } });
    }
  });

  it('never runs a mutation sent with GET', async () => {
    const before = (await count()).count_flows;
    const res = await raw(server().url, { path: `/graphql?query=${encodeURIComponent(MUTATION)}` });
    expect(res.status).toBe(405);
    expect(res.json.errors[0].message).toMatch(/mutation/);
    expect((await count()).count_flows).toBe(before);
    // Queries over GET are fine.
    expect((await raw(server().url, { path: `/graphql?query=${encodeURIComponent('{ hello }')}` })).json).toEqual({ data: { hello: '👋' } });
  });

  it('answers 400 to a Host header that is not host[:port], on every door', async () => {
    for (const host of ['a b c::', 'exa mple', 'host:port', 'x:99999999', '[zz]']) {
      for (const path of ['/api/health', '/graphql']) {
        const res = await raw(server().url, { path, headers: { host } });
        expect(res.status, `${host} ${path}`).toBe(400);
        expect(res.json).toEqual({ detail: 'Invalid host header' });
      }
    }
    for (const host of ['localhost', 'localhost:4200', '127.0.0.1:1', '[::1]:4200', 'prefect.example.com']) {
      expect((await raw(server().url, { path: '/api/health', headers: { host } })).status, host).toBe(200);
    }
  });
});
