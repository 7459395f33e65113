// Caps on the lists inside one filter (src/filters/limits.ts): over the cap is a
// 422 naming the list, on both doors; at the cap the filter runs.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';

const ENV = { PREFECT_SERVER_API_MAX_FILTER_VALUES: '20', PREFECT_SERVER_API_MAX_FILTER_ALL_VALUES: '3' };
const ids = (n: number) => Array.from({ length: n }, () => randomUUID());
const tags = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`);

describeEachDatabase(
  'filter list caps',
  (server) => {
    it('runs filters at the caps', async () => {
      const res = await server().rest('POST', '/flow_runs/filter', { flow_runs: { id: { any_: ids(17) }, tags: { all_: tags(3) } } });
      expect(res.status).toBe(200);
      expect((await server().rest('POST', '/flows/count', { flows: { id: { not_any_: ids(20) } } })).status).toBe(200);
    });

    it('refuses one list over PREFECT_SERVER_API_MAX_FILTER_VALUES with a 422 naming it (REST)', async () => {
      const res = await server().rest('POST', '/flow_runs/filter', { flow_runs: { id: { any_: ids(21) } } });
      expect(res.status).toBe(422);
      expect(res.body.exception_message).toBe('Invalid request received.');
      expect(res.body.exception_detail).toEqual([
        expect.objectContaining({
          type: 'too_long',
          loc: ['FlowRunFilter', 'id', 'any_'],
          msg: 'List should have at most 20 items after validation, not 21 (PREFECT_SERVER_API_MAX_FILTER_VALUES)',
          ctx: { field_type: 'List', max_length: 20, actual_length: 21 },
        }),
      ]);
    });

    it('counts every list of one filter together', async () => {
      const res = await server().rest('POST', '/flows/filter', { flows: { id: { any_: ids(10) }, name: { any_: tags(11) } } });
      expect(res.status).toBe(422);
      expect(res.body.exception_detail[0]).toMatchObject({
        loc: ['FlowFilter', 'name', 'any_'],
        msg: 'Filter lists should have at most 20 values in total, not 21 (PREFECT_SERVER_API_MAX_FILTER_VALUES)',
      });
    });

    it('caps all_ (one sub-query per tag) by PREFECT_SERVER_API_MAX_FILTER_ALL_VALUES', async () => {
      const res = await server().rest('POST', '/task_runs/count', { task_runs: { tags: { all_: tags(4) } } });
      expect(res.status).toBe(422);
      expect(res.body.exception_detail[0]).toMatchObject({
        loc: ['TaskRunFilter', 'tags', 'all_'],
        msg: 'List should have at most 3 items after validation, not 4 (PREFECT_SERVER_API_MAX_FILTER_ALL_VALUES)',
      });
    });

    it('refuses the same over GraphQL, in a root field and in a relation filter', async () => {
      const root = await server().gql<unknown, { ids: string[] }>('query ($ids: [UUID!]) { read_flows(flows: { id: { any_: $ids } }) { id } }', { ids: ids(21) });
      expect(root.errors?.[0].message).toBe('FlowFilter.id.any_: List should have at most 20 items after validation, not 21 (PREFECT_SERVER_API_MAX_FILTER_VALUES)');
      expect(root.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', status: 422 });

      await server().rest('POST', '/flows/', { name: 'capped' });
      const nested = await server().gql('{ read_flows { flow_runs(filter: { tags: { all_: ["a", "b", "c", "d"] } }) { id } } }');
      expect(nested.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', status: 422 });
      expect(nested.errors?.[0].message).toMatch(/^FlowRunFilter\.tags\.all_: List should have at most 3 items/);
    });
  },
  ENV,
);
