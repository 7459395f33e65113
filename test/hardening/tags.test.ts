// Tags per object are bounded (ours: Prefect has none) and written in one
// INSERT, so a long tag list can neither stall the event loop nor grow a row
// without limit.
import { expect, it } from 'vitest';
import { MAX_TAGS } from '../../src/db/tags.ts';
import { describeEachDatabase } from '../support/each-database.ts';

const tags = (n: number, prefix = 't') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describeEachDatabase('tags per object', (server) => {
  it('refuses more than MAX_TAGS tags with a 422 naming the list, and writes nothing', async () => {
    const res = await server().rest('POST', '/flows/', { name: 'too-many-tags', tags: tags(MAX_TAGS + 1) });
    expect(res.status).toBe(422);
    expect(res.body.exception_detail[0]).toMatchObject({ type: 'too_long', loc: ['body', 'tags'] });
    expect((await server().rest('GET', '/flows/name/too-many-tags')).status).toBe(404);

    const gql = await server().gql(`mutation($tags: [String!]!) { create_flow(flow: {name: "too-many-tags", tags: $tags}) { id } }`, {
      tags: tags(MAX_TAGS + 1),
    });
    expect(gql.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('stores MAX_TAGS tags with one INSERT of the tag rows, and filters find them', async () => {
    server().resetQueries();
    const created = await server().rest('POST', '/flows/', { name: 'many-tags', tags: tags(MAX_TAGS, 'm') });
    expect(created.status).toBe(201);
    expect(server().queries.filter((sql) => /^INSERT INTO \S*[`"]flow_tag[`"] /i.test(sql))).toHaveLength(1);
    const found = await server().rest('POST', '/flows/filter', { flows: { tags: { all_: ['m0', `m${MAX_TAGS - 1}`] } } });
    expect(found.body.map((f: { name: string }) => f.name)).toEqual(['many-tags']);

    const replaced = await server().rest('PATCH', `/flows/${created.body.id}`, { tags: tags(MAX_TAGS + 1) });
    expect(replaced.status).toBe(422);
    expect((await server().rest('GET', `/flows/${created.body.id}`)).body.tags).toHaveLength(MAX_TAGS);
  });
});
