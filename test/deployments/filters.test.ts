// POST /deployments/filter, /count, /paginate: every DeploymentFilter criterion,
// the sorts, paging and their refusals (§1.7).
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';

describeEachDatabase('deployment filters', (server) => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    const flow = (await server().rest('POST', '/flows/', { name: 'Filter-Flow' })).body;
    const other = (await server().rest('POST', '/flows/', { name: 'other-flow' })).body;
    const specs: [string, string, Record<string, unknown>][] = [
      ['alpha', flow.id, { tags: ['db', 'etl'], paused: true, work_queue_name: 'q1' }],
      ['beta', flow.id, { tags: ['db'] }],
      ['gamma', other.id, { tags: [] }],
      ['Delta_50', other.id, { tags: ['etl'] }],
    ];
    for (const [name, flowId, body] of specs) {
      const res = await server().rest('POST', '/deployments/', { name, flow_id: flowId, ...body });
      expect(res.status).toBe(201);
      ids[name] = res.body.id;
    }
  });

  const names = async (body: Record<string, unknown>) => (await server().rest('POST', '/deployments/filter', { sort: 'NAME_ASC', ...body })).body.map((d: any) => d.name);

  it('applies each criterion with Prefect’s semantics', async () => {
    expect(await names({ deployments: { id: { any_: [ids.alpha, ids.gamma] } } })).toEqual(['alpha', 'gamma']);
    expect(await names({ deployments: { id: { any_: [] } } })).toEqual([]);
    expect(await names({ deployments: { id: { not_any_: [ids.alpha] } } })).toEqual(['Delta_50', 'beta', 'gamma']);
    expect(await names({ deployments: { name: { any_: ['beta', 'BETA'] } } })).toEqual(['beta']);
    expect(await names({ deployments: { name: { like_: 'ALP' } } })).toEqual(['alpha']);
    expect(await names({ deployments: { name: { like_: '' } } })).toHaveLength(4);
    expect(await names({ deployments: { flow_or_deployment_name: { like_: 'filter-fl' } } })).toEqual(['alpha', 'beta']);
    expect(await names({ deployments: { flow_or_deployment_name: { like_: 'gam' } } })).toEqual(['gamma']);
    expect(await names({ deployments: { paused: { eq_: true } } })).toEqual(['alpha']);
    expect(await names({ deployments: { tags: { all_: ['db', 'etl'] } } })).toEqual(['alpha']);
    expect(await names({ deployments: { tags: { any_: ['etl'] } } })).toEqual(['Delta_50', 'alpha']);
    expect(await names({ deployments: { tags: { is_null_: true } } })).toEqual(['gamma']);
    expect(await names({ deployments: { tags: { operator: 'or_', all_: ['db'], is_null_: true } } })).toEqual(['alpha', 'beta', 'gamma']);
    expect(await names({ deployments: { work_queue_name: { any_: ['q1'] } } })).toEqual(['alpha']);
    expect(await names({ deployments: { concurrency_limit: { ge_: 5 } } })).toHaveLength(4);
    expect(await names({ deployments: { operator: 'or_', paused: { eq_: true }, name: { any_: ['gamma'] } } })).toEqual(['alpha', 'gamma']);
    expect(await names({ flows: { name: { any_: ['other-flow'] } } })).toEqual(['Delta_50', 'gamma']);
  });

  it('sorts, pages and counts', async () => {
    expect(await names({ sort: 'NAME_DESC' })).toEqual(['gamma', 'beta', 'alpha', 'Delta_50']);
    expect((await names({ sort: 'CREATED_DESC' }))[0]).toBe('Delta_50');
    expect(await names({ limit: 2, offset: 1 })).toEqual(['alpha', 'beta']);
    const page = (await server().rest('POST', '/deployments/paginate', { limit: 3, page: 2 })).body;
    expect(page).toMatchObject({ count: 4, limit: 3, pages: 2, page: 2 });
    expect(page.results.map((d: any) => d.name)).toEqual(['gamma']);
    expect((await server().rest('POST', '/deployments/count', { deployments: { tags: { any_: ['db'] } } })).body).toBe(2);
    expect((await server().rest('POST', '/deployments/count', {})).body).toBe(4);
  });

  it('refuses bad bodies with Prefect’s 422s', async () => {
    expect(await server().rest('POST', '/deployments/filter', { limit: 201 })).toMatchObject({
      status: 422,
      body: { detail: 'Invalid limit: must be less than or equal to 200.' },
    });
    expect((await server().rest('POST', '/deployments/filter', { offset: -1 })).status).toBe(422);
    expect((await server().rest('POST', '/deployments/filter', { sort: 'NOPE' })).body.exception_detail[0].loc).toEqual(['body', 'sort']);
    expect((await server().rest('POST', '/deployments/count', { deployments: { nope: 1 } })).body.exception_detail[0]).toMatchObject({
      type: 'extra_forbidden',
      loc: ['body', 'deployments', 'nope'],
    });
    expect((await server().rest('POST', '/deployments/paginate', { page: 0 })).status).toBe(422);
  });
});
