// GET /openapi.json and /docs: an OpenAPI 3.1 document generated from the route
// table (every route, its body and answer types, the schema's descriptions),
// valid by a well-kept validator, and Swagger UI served from node_modules.
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../src/rest/routes.ts';
import { testTargets, type TestDatabases } from '../support/databases.ts';
import { startServer, type TestServer } from '../support/server.ts';

const AUTH = 'admin:secret';

describe('the OpenAPI document and /docs', () => {
  let server: TestServer;
  let databases: TestDatabases;
  let document: any;

  beforeAll(async () => {
    databases = (await testTargets()).find((t) => t.name === 'sqlite')!;
    server = await startServer(await databases.createMigrated(), { PREFECT_SERVER_API_AUTH_STRING: AUTH });
    const answer = await fetch(`${server.url}/openapi.json`);
    expect(answer.status).toBe(200);
    document = await answer.json();
  });
  afterAll(async () => {
    await server.close();
    await databases.dispose();
  });

  it('is valid OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(document.servers).toEqual([{ url: '/api' }]);
  });

  it('has every route of the table, named by its GraphQL root field, with its success status', () => {
    for (const route of routes) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(operation.operationId).toMatch(new RegExp(`^${route.field}(_\\d+)?$`));
      const statuses = typeof route.status === 'number' ? [String(route.status)] : ['201', '200'];
      for (const status of statuses) expect(Object.keys(operation.responses)).toContain(status);
    }
    const ids = Object.values(document.paths).flatMap((p: any) => Object.values(p).map((o: any) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('describes bodies and answers with the GraphQL types, their REST fields and descriptions', () => {
    const filter = document.paths['/flows/filter'].post;
    expect(Object.keys(filter.requestBody.content['application/json'].schema.properties)).toEqual(expect.arrayContaining(['flows', 'flow_runs', 'limit', 'offset', 'sort']));
    const flow = document.components.schemas.Flow;
    expect(Object.keys(flow.properties)).toEqual(expect.arrayContaining(['id', 'created', 'updated', 'name', 'tags', 'labels']));
    expect(flow.properties).not.toHaveProperty('flow_runs'); // GraphQL-only relation
    expect(flow.properties.id).toMatchObject({ type: 'string', format: 'uuid' });
    expect(document.paths['/flows/{id}'].get.parameters).toContainEqual(expect.objectContaining({ name: 'id', in: 'path', required: true }));
    expect(document.components.schemas.FlowFilter.additionalProperties).toBe(false);
    expect(document.paths['/flows/'].post.requestBody.required).toBe(true);
  });

  it('reuses the schema’s descriptions for properties, parameters, body keys and bodies', () => {
    // Prefect's own model descriptions, copied onto the GraphQL fields.
    expect(document.components.schemas.FlowRun.properties.name.description).toBe('The name of the flow run. Defaults to a random slug if not specified.');
    expect(document.paths['/flows/{id}'].get.parameters).toContainEqual(expect.objectContaining({ name: 'id', description: 'The flow id' }));
    const filterBody = document.paths['/flow_runs/filter'].post.requestBody.content['application/json'].schema.properties;
    expect(filterBody.offset.description).toBe('How many results to skip before the first one returned.');
    expect(filterBody.flows.description).toMatch(/^Criteria on the flow:/);
    expect(document.paths['/flows/'].post.requestBody.description).toBeTruthy();
    expect(document.components.schemas.StateType.description).toContain('- `CRASHED`: ');
    // Every property, parameter and body key says what it is.
    const undescribed: string[] = [];
    for (const [name, schema] of Object.entries<any>(document.components.schemas)) {
      for (const [key, property] of Object.entries<any>(schema.properties ?? {})) if (!property.description) undescribed.push(`${name}.${key}`);
    }
    for (const [path, methods] of Object.entries<any>(document.paths)) {
      for (const [method, op] of Object.entries<any>(methods)) {
        for (const parameter of op.parameters ?? []) if (!parameter.description) undescribed.push(`${method} ${path} ${parameter.name}`);
        const body = op.requestBody?.content['application/json'].schema.properties ?? {};
        for (const [key, property] of Object.entries<any>(body)) if (!property.description) undescribed.push(`${method} ${path} body.${key}`);
      }
    }
    expect(undescribed).toEqual([]);
  });

  it('serves the document and Swagger UI at the root without auth, and under /api only with it', async () => {
    const docs = await fetch(`${server.url}/docs`);
    expect(docs.status).toBe(200);
    const html = await docs.text();
    expect(html).toContain('SwaggerUIBundle');
    expect(html).toContain('"/openapi.json"');
    expect(html).not.toMatch(/https?:\/\//); // no CDN
    for (const asset of ['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js']) {
      const answer = await fetch(`${server.url}/docs/assets/${asset}`);
      expect(answer.status, asset).toBe(200);
      expect(answer.headers.get('cache-control')).toBe('public, max-age=86400');
    }
    expect((await fetch(`${server.url}/docs/assets/../../package.json`)).status).not.toBe(200);
    expect((await fetch(`${server.url}/api/openapi.json`)).status).toBe(401);
    const authorization = `Basic ${Buffer.from(AUTH).toString('base64')}`;
    const behindAuth = await fetch(`${server.url}/api/openapi.json`, { headers: { authorization } });
    expect(await behindAuth.json()).toEqual(document);
    expect((await fetch(`${server.url}/api/docs`, { headers: { authorization } })).status).toBe(200);
  });
});
