// Flows through GraphQL: the same operations as REST, typed by codegen.
import { expect, it } from 'vitest';
import { graphql } from '../gql/index.ts';
import { describeEachDatabase } from '../support/each-database.ts';

const CreateFlow = graphql(`
  mutation CreateFlow($flow: FlowCreate!) {
    create_flow(flow: $flow) { id created updated name tags labels }
  }
`);

const ReadFlows = graphql(`
  query ReadFlows($flows: FlowFilter, $sort: FlowSort, $limit: Int, $offset: NonNegativeInt) {
    read_flows(flows: $flows, sort: $sort, limit: $limit, offset: $offset) { id name tags }
    count_flows(flows: $flows)
  }
`);

const ReadFlow = graphql(`
  query ReadFlow($id: UUID!, $name: String!) {
    read_flow(id: $id) { id name }
    read_flow_by_name(name: $name) { id name }
  }
`);

const UpdateAndDelete = graphql(`
  mutation UpdateFlow($id: UUID!, $tags: [String!]) {
    update_flow(id: $id, flow: { tags: $tags }) { id tags updated }
  }
`);

const DeleteFlow = graphql(`
  mutation DeleteFlow($id: UUID!) {
    delete_flow(id: $id)
  }
`);

const Paginate = graphql(`
  query PaginateFlows($limit: Int, $page: PositiveInt) {
    paginate_flows(limit: $limit, page: $page, sort: NAME_DESC) { results { name } count limit pages page }
  }
`);

describeEachDatabase('flows over GraphQL', (server) => {
  it('creates, reads, filters, updates, paginates and deletes', async () => {
    const created = await server().gql(CreateFlow, { flow: { name: 'gql-flow', tags: ['a', 'b'], labels: { env: 'dev' } } });
    expect(created.errors).toBeUndefined();
    const flow = created.data!.create_flow;
    expect(flow).toMatchObject({ name: 'gql-flow', tags: ['a', 'b'], labels: { env: 'dev' } });
    await server().gql(CreateFlow, { flow: { name: 'gql-other' } });

    const read = await server().gql(ReadFlow, { id: flow.id.toUpperCase(), name: 'gql-flow' });
    expect(read.data).toEqual({ read_flow: { id: flow.id, name: 'gql-flow' }, read_flow_by_name: { id: flow.id, name: 'gql-flow' } });

    const filtered = await server().gql(ReadFlows, { flows: { tags: { all_: ['a'] } }, sort: 'NAME_DESC', limit: 10 });
    expect(filtered.data).toEqual({ read_flows: [{ id: flow.id, name: 'gql-flow', tags: ['a', 'b'] }], count_flows: 1 });

    const updated = await server().gql(UpdateAndDelete, { id: flow.id, tags: ['c'] });
    expect(updated.data!.update_flow.tags).toEqual(['c']);

    const page = await server().gql(Paginate, { limit: 1, page: 2 });
    expect(page.data!.paginate_flows).toEqual({ results: [{ name: 'gql-flow' }], count: 2, limit: 1, pages: 2, page: 2 });

    expect((await server().gql(DeleteFlow, { id: flow.id })).data).toEqual({ delete_flow: true });
    const gone = await server().gql(DeleteFlow, { id: flow.id });
    expect(gone.errors![0]).toMatchObject({ message: 'Flow not found', extensions: { code: 'NOT_FOUND', status: 404 } });
  });

  it('reports bad input as GraphQL errors, never as a server error', async () => {
    const badName = await server().gql(CreateFlow, { flow: { name: 'a/b' } });
    expect(badName.errors![0].message).toContain("String should match pattern '^[^/%&><]+$'");
    const badLimit = await server().gql(ReadFlows, { limit: 500 });
    expect(badLimit.errors![0]).toMatchObject({ message: 'Invalid limit: must be less than or equal to 200.', extensions: { code: 'BAD_USER_INPUT', status: 422 } });
    const badOffset = await server().gql(ReadFlows, { offset: -1 });
    expect(badOffset.errors![0].message).toContain('Input should be greater than or equal to 0');
    const badId = await server().gql(ReadFlow, { id: 'nope', name: 'x' });
    expect(badId.errors![0].message).toContain('Input should be a valid UUID');
  });
});
