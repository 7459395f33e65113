// Variables through Prefect's REST routes (logs-variables-concurrency §2).
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';

const MISSING = '00000000-0000-4000-8000-000000000000';
const NAME_ERROR = 'Value error, Variable name must only contain lowercase letters, numbers, and dashes or underscores.';

describeEachDatabase('variables over REST', (server) => {
  const create = (body: unknown) => server().rest('POST', '/variables/', body);

  describe('create and read', () => {
    it('creates with 201 and Prefect’s keys, reads by id and by name', async () => {
      const created = await create({ name: 'my_var', value: { a: [1, 'x', null] }, tags: ['b', 'a', 'b'] });
      expect(created.status).toBe(201);
      expect(Object.keys(created.body)).toEqual(['id', 'created', 'updated', 'name', 'value', 'tags']);
      expect(created.body).toMatchObject({ name: 'my_var', value: { a: [1, 'x', null] }, tags: ['b', 'a', 'b'] });
      expect((await server().rest('GET', `/variables/${created.body.id}`)).body).toEqual(created.body);
      expect((await server().rest('GET', '/variables/name/my_var')).body).toEqual(created.body);
    });

    it('stores every JSON kind, null included, and defaults tags to []', async () => {
      for (const [name, value] of [
        ['v-str', 'hello'],
        ['v-int', 42],
        ['v-bool', false],
        ['v-float', 1.5],
        ['v-null', null],
        ['v-list', [1, 2]],
      ] as const) {
        const res = await create({ name, value });
        expect(res.status).toBe(201);
        expect(res.body.value).toEqual(value);
        expect(res.body.tags).toEqual([]);
        expect((await server().rest('GET', `/variables/name/${name}`)).body.value).toEqual(value);
      }
    });

    it('requires value (null is a value) and name', async () => {
      const res = await create({ name: 'no-value' });
      expect(res.status).toBe(422);
      expect(res.body.exception_detail).toEqual([{ type: 'missing', loc: ['body', 'value'], msg: 'Field required', input: { name: 'no-value' } }]);
      const noName = await create({ value: 1 });
      expect(noName.status).toBe(422);
      expect(noName.body.exception_detail[0]).toMatchObject({ type: 'missing', loc: ['body', 'name'] });
    });

    it('refuses unknown keys', async () => {
      const res = await create({ name: 'extra', value: 1, color: 'red' });
      expect(res.status).toBe(422);
      expect(res.body.exception_detail).toEqual([{ type: 'extra_forbidden', loc: ['body', 'color'], msg: 'Extra inputs are not permitted', input: 'red' }]);
    });

    it('answers 409 with the name in Python’s quotes for a taken name', async () => {
      expect((await create({ name: 'taken', value: 1 })).status).toBe(201);
      expect(await create({ name: 'taken', value: 2 })).toMatchObject({ status: 409, body: { detail: "A variable with the name 'taken' already exists." } });
    });

    it('answers 404 with Prefect’s texts', async () => {
      expect(await server().rest('GET', `/variables/${MISSING}`)).toMatchObject({ status: 404, body: { detail: 'Variable not found.' } });
      expect(await server().rest('GET', '/variables/not-a-uuid')).toMatchObject({ status: 404, body: { detail: 'Not Found' } });
      expect(await server().rest('GET', '/variables/name/nobody')).toMatchObject({ status: 404, body: { detail: 'Variable not found.' } });
      expect(await server().rest('PATCH', `/variables/${MISSING}`, { value: 1 })).toMatchObject({ status: 404, body: { detail: 'Variable not found.' } });
      expect(await server().rest('PATCH', '/variables/name/nobody', { value: 1 })).toMatchObject({ status: 404, body: { detail: 'Variable not found.' } });
      expect(await server().rest('DELETE', `/variables/${MISSING}`)).toMatchObject({ status: 404, body: { detail: 'Variable not found.' } });
      expect(await server().rest('DELETE', '/variables/name/nobody')).toMatchObject({ status: 404, body: { detail: 'Variable not found.' } });
    });

    it('matches names exactly and case-sensitively', async () => {
      await create({ name: 'casey', value: 1 });
      expect((await server().rest('GET', '/variables/name/Casey')).status).toBe(404);
      expect((await server().rest('GET', '/variables/name/case')).status).toBe(404);
    });

    it('does not route /filter as a name or id', async () => {
      expect((await server().rest('GET', '/variables/filter')).status).toBe(405);
      expect((await server().rest('PATCH', '/variables/filter', {})).status).toBe(405);
    });
  });

  describe('name rules', () => {
    it('refuses characters outside [a-z0-9-_]', async () => {
      for (const name of ['Upper', 'has space', 'dot.ted', 'ünï']) {
        const res = await create({ name, value: 1 });
        expect(res.status).toBe(422);
        expect(res.body.exception_detail).toEqual([{ type: 'value_error', loc: ['body', 'name'], msg: NAME_ERROR, input: name, ctx: { error: {} } }]);
      }
    });

    it('accepts the empty name and one trailing newline', async () => {
      expect((await create({ name: '', value: 1 })).status).toBe(201);
      expect((await create({ name: 'nl\n', value: 1 })).status).toBe(201);
      expect((await create({ name: 'nl\n\n', value: 1 })).status).toBe(422);
    });

    it('allows 255 characters, refuses 256 with Prefect’s odd wording, after the character rule', async () => {
      expect((await create({ name: 'a'.repeat(255), value: 1 })).status).toBe(201);
      const long = await create({ name: 'b'.repeat(256), value: 1 });
      expect(long.status).toBe(422);
      expect(long.body.exception_detail).toEqual([
        {
          type: 'too_long',
          loc: ['body', 'name'],
          msg: 'Value should have at most 255 items after validation, not 256',
          input: 'b'.repeat(256),
          ctx: { field_type: 'Value', max_length: 255, actual_length: 256 },
        },
      ]);
      const longUpper = await create({ name: 'B'.repeat(300), value: 1 });
      expect(longUpper.body.exception_detail[0].msg).toBe(NAME_ERROR);
    });

    it('checks names on update too', async () => {
      await create({ name: 'renamable', value: 1 });
      const res = await server().rest('PATCH', '/variables/name/renamable', { name: 'Bad Name' });
      expect(res.status).toBe(422);
      expect(res.body.exception_detail[0]).toMatchObject({ type: 'value_error', loc: ['body', 'name'], msg: NAME_ERROR });
    });
  });

  describe('value rules', () => {
    it('measures compact UTF-8 JSON bytes: 5000 pass, 5001 fail', async () => {
      expect((await create({ name: 'size-ok', value: 'x'.repeat(4998) })).status).toBe(201);
      const big = await create({ name: 'size-big', value: 'x'.repeat(4999) });
      expect(big.status).toBe(422);
      expect(big.body.exception_detail).toEqual([
        { type: 'value_error', loc: ['body', 'value'], msg: 'Value error, Variable value must be less than 5000 characters', input: 'x'.repeat(4999), ctx: { error: {} } },
      ]);
      expect((await create({ name: 'accents-ok', value: 'é'.repeat(2499) })).status).toBe(201);
      expect((await create({ name: 'accents-big', value: 'é'.repeat(2500) })).status).toBe(422);
      // Escapes count as two bytes.
      expect((await create({ name: 'quotes-big', value: '"'.repeat(2500) })).status).toBe(422);
      expect((await create({ name: 'quotes-ok', value: '"'.repeat(2499) })).status).toBe(201);
    });

    it('refuses integers beyond 64 bits, nested too', async () => {
      for (const value of [2 ** 70, { deep: [-(2 ** 70)] }]) {
        const res = await create({ name: 'huge', value });
        expect(res.status).toBe(422);
        expect(res.body.exception_detail[0]).toMatchObject({ type: 'value_error', loc: ['body', 'value'], msg: 'Value error, Variable value must be serializable to JSON' });
      }
      expect((await create({ name: 'u64', value: 2 ** 63 })).status).toBe(201);
    });

    it('checks values on update too', async () => {
      await create({ name: 'grow', value: 1 });
      const res = await server().rest('PATCH', '/variables/name/grow', { value: 'x'.repeat(6000) });
      expect(res.status).toBe(422);
      expect((await server().rest('GET', '/variables/name/grow')).body.value).toBe(1);
    });
  });

  describe('update and delete', () => {
    it('writes only the keys given, null values too, and bumps updated', async () => {
      const { body: v } = await create({ name: 'upd', value: 'one', tags: ['a'] });
      await new Promise((r) => setTimeout(r, 5));
      const res = await server().rest('PATCH', `/variables/${v.id}`, { value: null });
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      const after = (await server().rest('GET', `/variables/${v.id}`)).body;
      expect(after).toMatchObject({ name: 'upd', value: null, tags: ['a'], created: v.created });
      expect(Date.parse(after.updated)).toBeGreaterThan(Date.parse(v.updated));

      await new Promise((r) => setTimeout(r, 5));
      expect((await server().rest('PATCH', '/variables/name/upd', {})).status).toBe(204);
      const bumped = (await server().rest('GET', `/variables/${v.id}`)).body;
      expect(bumped).toMatchObject({ value: null, tags: ['a'] });
      expect(Date.parse(bumped.updated)).toBeGreaterThan(Date.parse(after.updated));

      expect((await server().rest('PATCH', '/variables/name/upd', { name: 'upd2', tags: ['x', 'y'], value: [3] })).status).toBe(204);
      expect((await server().rest('GET', `/variables/${v.id}`)).body).toMatchObject({ name: 'upd2', value: [3], tags: ['x', 'y'] });
    });

    it('answers the generic 409 for a rename onto a taken name and for null name or tags', async () => {
      await create({ name: 'first', value: 1 });
      await create({ name: 'second', value: 2, tags: ['keep'] });
      const generic = {
        status: 409,
        body: { detail: 'Data integrity conflict. This usually means a unique or foreign key constraint was violated. See server logs for details.' },
      };
      expect(await server().rest('PATCH', '/variables/name/second', { name: 'first' })).toMatchObject(generic);
      expect(await server().rest('PATCH', '/variables/name/second', { name: null })).toMatchObject(generic);
      expect(await server().rest('PATCH', '/variables/name/second', { tags: null })).toMatchObject(generic);
      expect((await server().rest('GET', '/variables/name/second')).body).toMatchObject({ value: 2, tags: ['keep'] });
    });

    it('deletes by id and by name with 204', async () => {
      const { body: a } = await create({ name: 'del-a', value: 1 });
      await create({ name: 'del-b', value: 1 });
      expect((await server().rest('DELETE', `/variables/${a.id}`)).status).toBe(204);
      expect((await server().rest('DELETE', '/variables/name/del-b')).status).toBe(204);
      expect((await server().rest('GET', `/variables/${a.id}`)).status).toBe(404);
      expect((await server().rest('GET', '/variables/name/del-b')).status).toBe(404);
    });
  });
});
