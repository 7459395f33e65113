// Variable filters, sorts and counts (§2.4), lifecycle events (§2.5) and the
// GraphQL door's fields.
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { useCollector } from '../events-emitted/support.ts';

const UUID7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describeEachDatabase('variable filters, events and GraphQL', (server) => {
  const { emitted } = useCollector(server);
  const names = (res: { body: { name: string }[] }) => res.body.map((v) => v.name);
  const filter = (body: unknown) => server().rest('POST', '/variables/filter', body);

  describe('filter, sort, count', () => {
    it('seeds', async () => {
      for (const [name, tags] of [
        ['variable1', ['a', 'b']],
        ['variable12', ['a']],
        ['variable2', []],
        ['variable21', ['b', 'c']],
      ] as const) {
        expect((await server().rest('POST', '/variables/', { name, value: name, tags })).status).toBe(201);
        await new Promise((r) => setTimeout(r, 3));
      }
    });

    it('sorts by name ascending by default, and by the other VariableSort values', async () => {
      expect(names(await filter({}))).toEqual(['variable1', 'variable12', 'variable2', 'variable21']);
      expect(names(await filter({ sort: 'NAME_DESC' }))).toEqual(['variable21', 'variable2', 'variable12', 'variable1']);
      expect(names(await filter({ sort: 'CREATED_DESC' }))).toEqual(['variable21', 'variable2', 'variable12', 'variable1']);
      await server().rest('PATCH', '/variables/name/variable12', { value: 'touched' });
      expect(names(await filter({ sort: 'UPDATED_DESC' }))[0]).toBe('variable12');
      const bad = await filter({ sort: 'VALUE_ASC' });
      expect(bad.status).toBe(422);
      expect(bad.body.exception_detail[0]).toMatchObject({ type: 'enum', loc: ['body', 'sort'] });
    });

    it('pages with limit and offset', async () => {
      expect(names(await filter({ limit: 2, offset: 1 }))).toEqual(['variable12', 'variable2']);
      expect((await filter({ limit: 201 })).status).toBe(422);
    });

    it('filters by name like_ (Prefect’s pin), any_, and id', async () => {
      expect(names(await filter({ variables: { name: { like_: 'variable1%' } } }))).toEqual(['variable1', 'variable12']);
      expect(names(await filter({ variables: { name: { like_: 'VARIABLE2' } } }))).toEqual(['variable2', 'variable21']);
      expect(names(await filter({ variables: { name: { any_: ['variable2', 'Variable1'] } } }))).toEqual(['variable2']);
      const one = (await server().rest('GET', '/variables/name/variable21')).body;
      expect(names(await filter({ variables: { id: { any_: [one.id] } } }))).toEqual(['variable21']);
    });

    it('filters by tags through the tag rows: all_, is_null_, no any_', async () => {
      expect(names(await filter({ variables: { tags: { all_: ['a'] } } }))).toEqual(['variable1', 'variable12']);
      expect(names(await filter({ variables: { tags: { all_: ['a', 'b'] } } }))).toEqual(['variable1']);
      expect(names(await filter({ variables: { tags: { all_: [] } } })).length).toBe(4);
      expect(names(await filter({ variables: { tags: { is_null_: true } } }))).toEqual(['variable2']);
      expect(names(await filter({ variables: { tags: { is_null_: false } } }))).toEqual(['variable1', 'variable12', 'variable21']);
      const anyOf = await filter({ variables: { tags: { any_: ['a'] } } });
      expect(anyOf.status).toBe(422);
      expect(anyOf.body.exception_detail[0]).toMatchObject({ type: 'extra_forbidden', loc: ['body', 'variables', 'tags', 'any_'] });
    });

    it('keeps the tag rows in step with updates', async () => {
      await server().rest('PATCH', '/variables/name/variable2', { tags: ['z'] });
      expect(names(await filter({ variables: { tags: { all_: ['z'] } } }))).toEqual(['variable2']);
      await server().rest('PATCH', '/variables/name/variable2', { tags: [] });
      expect(names(await filter({ variables: { tags: { all_: ['z'] } } }))).toEqual([]);
      expect(names(await filter({ variables: { tags: { is_null_: true } } }))).toEqual(['variable2']);
    });

    it('combines with or_ and counts with a keyed body', async () => {
      const body = { variables: { operator: 'or_', name: { any_: ['variable2'] }, tags: { all_: ['c'] } } };
      expect(names(await filter(body))).toEqual(['variable2', 'variable21']);
      expect(await server().rest('POST', '/variables/count', body)).toMatchObject({ status: 200, body: 2 });
      expect(await server().rest('POST', '/variables/count', {})).toMatchObject({ status: 200, body: 4 });
      expect(await server().rest('POST', '/variables/count')).toMatchObject({ status: 200, body: 4 });
    });
  });

  describe('events', () => {
    const variableEvent = (action: string, v: { id: string; name: string }, value: unknown, tags: string[]) => ({
      occurred: expect.any(Date),
      event: `prefect.variable.${action}`,
      resource: { 'prefect.resource.id': `prefect.variable.${v.id}`, 'prefect.resource.name': v.name },
      related: [],
      payload: { name: v.name, value, tags },
      id: expect.stringMatching(UUID7),
      follows: null,
      received: expect.any(Date),
    });

    it('emits created, updated (after the change) and deleted (before removal)', async () => {
      let v!: { id: string; name: string };
      const created = await emitted(async () => {
        v = (await server().rest('POST', '/variables/', { name: 'evented', value: { x: 1 }, tags: ['t'] })).body;
      }, 'prefect.variable.');
      expect(created).toEqual([variableEvent('created', v, { x: 1 }, ['t'])]);
      const updated = await emitted(async () => {
        await server().rest('PATCH', `/variables/${v.id}`, { value: null, name: 'evented2' });
        await server().rest('PATCH', '/variables/name/evented2', {});
      }, 'prefect.variable.');
      const renamed = { id: v.id, name: 'evented2' };
      expect(updated).toEqual([variableEvent('updated', renamed, null, ['t']), variableEvent('updated', renamed, null, ['t'])]);
      const deleted = await emitted(() => server().rest('DELETE', '/variables/name/evented2'), 'prefect.variable.');
      expect(deleted).toEqual([variableEvent('deleted', renamed, null, ['t'])]);
    });

    it('emits nothing for refused or missing writes', async () => {
      const none = await emitted(async () => {
        await server().rest('POST', '/variables/', { name: 'variable1', value: 1 });
        await server().rest('POST', '/variables/', { name: 'BAD', value: 1 });
        await server().rest('PATCH', '/variables/name/nobody', { value: 1 });
        await server().rest('PATCH', '/variables/name/variable1', { name: 'variable2' });
        await server().rest('DELETE', '/variables/name/nobody');
      }, 'prefect.variable.');
      expect(none).toEqual([]);
    });
  });

  describe('over GraphQL', () => {
    const V = '{ id created updated name value tags }';

    it('creates, reads, lists, counts, updates and deletes', async () => {
      const created = await server().gql(`mutation { create_variable(variable: { name: "gql_var", value: { a: 1 }, tags: ["g"] }) ${V} }`);
      expect(created.errors).toBeUndefined();
      const v = (created.data as any).create_variable;
      expect(v).toMatchObject({ name: 'gql_var', value: { a: 1 }, tags: ['g'] });
      const read = await server().gql(`query($id: UUID!) { read_variable(id: $id) ${V} by: read_variable_by_name(name: "gql_var") { id } }`, { id: v.id });
      expect(read.data).toEqual({ read_variable: v, by: { id: v.id } });
      const list = await server().gql(
        '{ read_variables(variables: { tags: { all_: ["g"] } }, sort: NAME_DESC, limit: 5) { name } count_variables(variables: { tags: { all_: ["g"] } }) }',
      );
      expect(list.data).toEqual({ read_variables: [{ name: 'gql_var' }], count_variables: 1 });
      const upd = await server().gql(`mutation($id: UUID!) { update_variable(id: $id, variable: { value: null }) ${V} }`, { id: v.id });
      expect((upd.data as any).update_variable).toMatchObject({ name: 'gql_var', value: null, tags: ['g'] });
      const byName = await server().gql('mutation { update_variable_by_name(name: "gql_var", variable: { tags: ["h"] }) { tags value } }');
      expect((byName.data as any).update_variable_by_name).toEqual({ tags: ['h'], value: null });
      const del = await server().gql('mutation { delete_variable_by_name(name: "gql_var") }');
      expect(del.data).toEqual({ delete_variable_by_name: true });
      const gone = await server().gql(`query($id: UUID!) { read_variable(id: $id) { id } }`, { id: v.id });
      expect(gone.errors?.[0]).toMatchObject({ message: 'Variable not found.', extensions: { code: 'NOT_FOUND', status: 404 } });
      const delAgain = await server().gql(`mutation($id: UUID!) { delete_variable(id: $id) }`, { id: v.id });
      expect(delAgain.errors?.[0].extensions).toMatchObject({ status: 404 });
    });

    it('refuses a missing value, a bad name, a large value and a taken name', async () => {
      const missing = await server().gql('mutation { create_variable(variable: { name: "no_value" }) { id } }');
      expect(missing.errors?.[0].extensions).toMatchObject({ status: 422, exception_detail: [{ type: 'missing', loc: ['body', 'value'] }] });
      const badName = await server().gql('mutation { create_variable(variable: { name: "Bad", value: 1 }) { id } }');
      expect(badName.errors?.[0].message).toContain('Variable name must only contain lowercase letters');
      const big = await server().gql('mutation($v: VariableValue) { create_variable(variable: { name: "big", value: $v }) { id } }', { v: 'x'.repeat(5000) });
      expect(big.errors?.[0].message).toContain('Variable value must be less than 5000 characters');
      await server().gql('mutation { create_variable(variable: { name: "dup", value: 1 }) { id } }');
      const dup = await server().gql('mutation { create_variable(variable: { name: "dup", value: 1 }) { id } }');
      expect(dup.errors?.[0]).toMatchObject({ message: "A variable with the name 'dup' already exists.", extensions: { code: 'CONFLICT', status: 409 } });
    });
  });
});
