// The committed SDL is what the code builds, and GraphiQL needs no internet.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printedSchema } from '../../src/graphql/schema.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { testTargets, type TestDatabases } from '../support/databases.ts';

describe('schema/schema.graphql', () => {
  it('matches the schema the code builds (run `npm run schema` after changing types)', () => {
    expect(readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8')).toBe(printedSchema());
  });

  it('keeps Prefect’s names', () => {
    const sdl = printedSchema();
    for (const name of ['read_flows', 'count_flows', 'paginate_flows', 'create_flow', 'read_flow_by_name', 'any_', 'not_any_', 'like_', 'is_null_', 'all_']) {
      expect(sdl).toContain(name);
    }
  });
});

describe('GraphiQL at /graphql', () => {
  let server: TestServer;
  let databases: TestDatabases;
  beforeAll(async () => {
    databases = (await testTargets())[0];
    server = await startServer(await databases.createMigrated());
  });
  afterAll(async () => {
    await server.close();
    await databases.dispose();
  });

  it('is served to browsers and loads nothing from another host', async () => {
    const res = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('GraphiQL');
    // Every script, stylesheet, image or frame is inline or on this server.
    const external = [...html.matchAll(/<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1]).filter((url) => /^(https?:)?\/\//i.test(url));
    expect(external).toEqual([]);
    expect(html).not.toMatch(/unpkg\.com|jsdelivr\.net|cdnjs|esm\.sh/);
  });
});
