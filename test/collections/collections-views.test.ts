// GET /collections/views/{view} (blocks-and-ui-routes §10): shipped data, no network.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';

describeEachDatabase('collection views', (server) => {
  it('serves the shipped worker metadata, without prefect-agent', async () => {
    const res = await server().rest('GET', '/collections/views/aggregate-worker-metadata');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['prefect', 'prefect-aws', 'prefect-azure', 'prefect-docker', 'prefect-gcp', 'prefect-kubernetes']);
    expect(Object.keys(res.body.prefect)).toEqual(['process']);
    expect(Object.keys(res.body['prefect-gcp'])).toEqual(['cloud-run', 'cloud-run-v2', 'vertex-ai']);
    expect(res.body.prefect.process.default_base_job_configuration.job_configuration).toBeTypeOf('object');
    expect(res.text).not.toContain('prefect-agent');
    const gql = await server().gql('{ read_view_content(view: "aggregate-worker-metadata") }');
    expect((gql.data as any).read_view_content).toEqual(res.body);
  });

  it('answers 404 for unknown views and 503 for known views it has no copy of', async () => {
    expect(await server().rest('GET', '/collections/views/invalid')).toMatchObject({ status: 404, body: { detail: 'View invalid not found in registry' } });
    expect(await server().rest('GET', '/collections/views/demo-flows')).toMatchObject({ status: 503, body: { detail: 'Unable to fetch view demo-flows' } });
    const gql = await server().gql('{ read_view_content(view: "invalid") }');
    expect(gql.errors?.[0]).toMatchObject({ message: 'View invalid not found in registry', extensions: { status: 404 } });
  });
});
