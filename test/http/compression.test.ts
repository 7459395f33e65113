// What a browser client expects of the HTTP layer: compressed JSON on both
// doors and a compressed, revalidatable GraphiQL page (ETag → 304), and HEAD
// where Prefect answers it.
import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A request without the automatic decompression fetch() does. */
function raw(base: string, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method, headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const decode = (r: Raw) =>
  (r.headers['content-encoding'] === 'br' ? brotliDecompressSync(r.body) : r.headers['content-encoding'] === 'gzip' ? gunzipSync(r.body) : r.body).toString();

describeEachDatabase('compression, ETag and HEAD', (server) => {
  it('compresses REST JSON as the client asks (brotli preferred, q=0 refused), and leaves small answers alone', async () => {
    for (let i = 0; i < 15; i++) await server().rest('POST', '/flows/', { name: `compressed-${i}`, tags: ['a-tag-to-make-the-answer-longer'] });
    const plain = await raw(server().url, 'POST', '/api/flows/filter', {}, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(1024);
    for (const [accept, expected] of [
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
      ['br;q=0, gzip;q=0.5', 'gzip'],
      ['*', 'br'],
    ] as const) {
      const answer = await raw(server().url, 'POST', '/api/flows/filter', { 'accept-encoding': accept }, {});
      expect(answer.headers['content-encoding'], accept).toBe(expected);
      expect(answer.headers.vary).toBe('Accept-Encoding');
      expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
      expect(JSON.parse(decode(answer))).toEqual(JSON.parse(plain.body.toString()));
    }
    const refused = await raw(server().url, 'POST', '/api/flows/filter', { 'accept-encoding': 'gzip;q=0, br;q=0' }, {});
    expect(refused.headers['content-encoding']).toBeUndefined();
    const small = await raw(server().url, 'GET', '/api/health', { 'accept-encoding': 'gzip' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.body.toString()).toBe('true');
  });

  it('compresses GraphQL JSON the same way', async () => {
    const query = { query: '{ read_flows { id name tags created updated } }' };
    const plain = await raw(server().url, 'POST', '/graphql', {}, query);
    const zipped = await raw(server().url, 'POST', '/graphql', { 'accept-encoding': 'gzip' }, query);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(decode(zipped))).toEqual(JSON.parse(plain.body.toString()));
  });

  it('serves GraphiQL compressed with an ETag, and a 304 to a browser that has it', async () => {
    const page = await raw(server().url, 'GET', '/graphql', { accept: 'text/html', 'accept-encoding': 'br' });
    expect(page.status).toBe(200);
    expect(page.headers['content-encoding']).toBe('br');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.body.length).toBeLessThan(decode(page).length / 3);
    expect(decode(page)).toContain('<title>Prefect GraphQL</title>');
    const again = await raw(server().url, 'GET', '/graphql', { accept: 'text/html', 'accept-encoding': 'br', 'if-none-match': page.headers.etag! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('answers HEAD where Prefect does (the API reference pages), and 405 on API routes as Prefect does', async () => {
    for (const path of ['/openapi.json', '/docs']) {
      const get = await raw(server().url, 'GET', path, {});
      const head = await raw(server().url, 'HEAD', path, {});
      expect(head.status, path).toBe(200);
      expect(head.body.length).toBe(0);
      expect(head.headers['content-length']).toBe(get.headers['content-length']);
    }
    expect((await raw(server().url, 'HEAD', '/api/version', {})).status).toBe(405);
  });
});
