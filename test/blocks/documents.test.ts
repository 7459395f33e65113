// Block documents (blocks §5, §2.6): create, references, secrets, reads,
// filter/count, PATCH merge rules, delete, events.
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import type { ReceivedEvent } from '../../src/events/types.ts';
import { readBlockDocumentData } from '../../src/resources/blocks/data.ts';
import { createDocument, typeWithSchema, unique } from './helpers.ts';

const ids = (body: { id: string }[]) => body.map((d) => d.id);

describeEachDatabase('blocks: block documents', (server) => {
  describe('create', () => {
    it('answers 201 with Prefect key order, secrets obfuscated; include_secrets shows them on every read path', async () => {
      const { type, schema } = await typeWithSchema(server(), ['password', 'nested.*', 'list']);
      const name = unique('doc');
      const data = { password: 'hunter2', user: 'me', nested: { a: 1, b: { c: 'x' } }, list: ['a', 'b'], n: null };
      const res = await server().rest('POST', '/block_documents/', { name, block_type_id: type.id, block_schema_id: schema.id, data });
      expect(res.status).toBe(201);
      expect(Object.keys(res.body)).toEqual([
        'id',
        'created',
        'updated',
        'name',
        'data',
        'block_schema_id',
        'block_schema',
        'block_type_id',
        'block_type_name',
        'block_type',
        'block_document_references',
        'is_anonymous',
      ]);
      const hidden = { password: '********', user: 'me', nested: { a: '********', b: { c: '********' } }, list: '********', n: null };
      expect(res.body).toMatchObject({ name, data: hidden, block_type_name: type.name, is_anonymous: false, block_document_references: {} });
      expect(res.body.block_schema.id).toBe(schema.id);
      const id = res.body.id;
      expect((await server().rest('GET', `/block_documents/${id}`)).body.data).toEqual(hidden);
      expect((await server().rest('GET', `/block_documents/${id}?include_secrets=true`)).body.data).toEqual(data);
      expect((await server().rest('GET', `/block_types/slug/${type.slug}/block_documents/name/${name}?include_secrets=true`)).body.data).toEqual(data);
      expect((await server().rest('GET', `/block_types/slug/${type.slug}/block_documents?include_secrets=true`)).body[0].data).toEqual(data);
      expect((await server().rest('POST', '/block_documents/filter', { block_documents: { id: { any_: [id] } }, include_secrets: true })).body[0].data).toEqual(data);
      expect((await server().rest('POST', '/block_documents/filter', { block_documents: { id: { any_: [id] } } })).body[0].data).toEqual(hidden);
      // The server-side read keeps secrets.
      expect(await readBlockDocumentData(server().db, id)).toEqual(data);
    });

    it('validates names and data; refuses duplicates, unknown types and schemas; writes nothing', async () => {
      const { type, schema } = await typeWithSchema(server());
      const post = (body: Record<string, unknown>) => server().rest('POST', '/block_documents/', { block_type_id: type.id, block_schema_id: schema.id, ...body });
      const noName = await post({});
      expect(noName.status).toBe(422);
      expect(noName.body.exception_detail).toEqual([
        expect.objectContaining({ type: 'value_error', loc: ['body'], msg: 'Value error, Names must be provided for block documents.' }),
      ]);
      for (const name of ['my block', 'my|block', 'my👍block', 'My-Block']) {
        const bad = await post({ name });
        expect(bad.body.exception_detail[0]).toMatchObject({
          type: 'value_error',
          loc: ['body', 'name'],
          msg: 'Value error, Block document name must only contain lowercase letters, numbers, and dashes.',
        });
      }
      for (const name of ['my/block', 'my%block'])
        expect((await post({ name })).body.exception_detail[0]).toMatchObject({ type: 'string_pattern_mismatch', loc: ['body', 'name'] });
      // An empty name is "no name" for the whole-body check, and a pattern failure for an anonymous document.
      expect((await post({ name: '' })).body.exception_detail[0]).toMatchObject({ type: 'value_error', loc: ['body'] });
      expect((await post({ name: '', is_anonymous: true })).body.exception_detail[0]).toMatchObject({ type: 'string_pattern_mismatch' });
      expect((await post({ name: unique('ok') })).status).toBe(201);
      // Text PostgreSQL cannot store is refused on both databases, never a 500.
      const nul = await post({ name: unique('nul'), data: { a: 'x\u0000y' } });
      expect(nul.status).toBeLessThan(500);
      expect(nul.status).toBeGreaterThanOrEqual(400);
      expect((await post({ name: 'x', data: [1] })).body.exception_detail[0]).toMatchObject({ type: 'dict_type', loc: ['body', 'data'] });
      const name = unique('dup');
      await createDocument(server(), { name, block_type_id: type.id, block_schema_id: schema.id });
      const dup = await post({ name });
      expect(dup.status).toBe(409);
      expect(dup.body).toEqual({ detail: 'Block already exists' });
      const other = await typeWithSchema(server());
      expect((await server().rest('POST', '/block_documents/', { name, block_type_id: other.type.id, block_schema_id: other.schema.id })).status).toBe(201);
      const noType = await post({ name: unique('nt'), block_type_id: '00000000-0000-4000-8000-000000000000' });
      expect(noType.status).toBe(404);
      expect(noType.body).toEqual({ detail: 'Block type 00000000-0000-4000-8000-000000000000 not found.' });
      const noSchema = await post({ name: unique('ns'), block_schema_id: '00000000-0000-4000-8000-000000000000' });
      expect(noSchema.status).toBe(409);
      expect(noSchema.body.detail).toMatch(/^Data integrity conflict/);
      const refNoId = await post({ name: unique('r'), data: { child: { $ref: {} } } });
      expect(refNoId.status).toBe(400);
      expect(refNoId.body).toEqual({ detail: 'Received block reference without a block_document_id in key child' });
      const refUnknown = await post({ name: unique('r'), data: { child: { $ref: { block_document_id: '00000000-0000-4000-8000-000000000000' } } } });
      expect(refUnknown.status).toBe(409);
      expect(await server().db.blockDocument.count({ where: { block_type_id: type.id } })).toBe(2);
    });

    it('anonymous documents get a generated name, are readable by id and slug+name, hidden from lists', async () => {
      const { type, schema } = await typeWithSchema(server());
      const a = await createDocument(server(), { is_anonymous: true, block_type_id: type.id, block_schema_id: schema.id });
      const b = await createDocument(server(), { is_anonymous: true, block_type_id: type.id, block_schema_id: schema.id });
      expect(a.name).toMatch(/^anonymous-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(a.name).not.toBe(b.name);
      const named = await createDocument(server(), { name: unique('named'), block_type_id: type.id, block_schema_id: schema.id });
      expect(ids((await server().rest('GET', `/block_types/slug/${type.slug}/block_documents`)).body)).toEqual([named.id]);
      expect((await server().rest('GET', `/block_types/slug/${type.slug}/block_documents/name/${a.name}`)).body.id).toBe(a.id);
      expect((await server().rest('GET', `/block_types/slug/${type.slug}/block_documents/name/nope`)).body).toEqual({ detail: 'Block document not found' });
      expect((await server().rest('GET', '/block_types/slug/no-such/block_documents/name/x')).body).toEqual({ detail: 'Block document not found' });
      expect((await server().rest('GET', '/block_types/slug/no-such/block_documents')).body).toEqual({ detail: 'Block type not found' });
      const byType = { block_types: { slug: { any_: [type.slug] } } };
      const list = async (extra: Record<string, unknown>) => ids((await server().rest('POST', '/block_documents/filter', { ...byType, ...extra })).body).sort();
      const count = async (extra: Record<string, unknown>) => (await server().rest('POST', '/block_documents/count', { ...byType, ...extra })).body;
      expect(await list({})).toEqual([named.id]);
      expect(await list({ block_documents: {} })).toEqual([named.id]);
      expect(await list({ block_documents: null })).toEqual([named.id]);
      expect(await list({ block_documents: { is_anonymous: null } })).toEqual([a.id, b.id, named.id].sort());
      expect(await list({ block_documents: { is_anonymous: { eq_: null } } })).toEqual([a.id, b.id, named.id].sort());
      expect(await list({ block_documents: { is_anonymous: { eq_: true } } })).toEqual([a.id, b.id].sort());
      expect(await count({})).toBe(1);
      expect(await count({ block_documents: { is_anonymous: null } })).toBe(3);
      // The default is an ordinary field: or_ ORs it with the rest.
      expect(await list({ block_documents: { operator: 'or_', name: { any_: [a.name] } } })).toEqual([a.id, named.id].sort());
    });
  });

  describe('references', () => {
    it('reads merge child data under the key and describe the tree; deleting the child drops the key', async () => {
      const child = await typeWithSchema(server(), ['secret']);
      const parent = await typeWithSchema(server(), ['top']);
      const leaf = await createDocument(server(), { name: unique('leaf'), block_type_id: child.type.id, block_schema_id: child.schema.id, data: { secret: 's', x: 1 } });
      const mid = await createDocument(server(), {
        name: unique('mid'),
        block_type_id: parent.type.id,
        block_schema_id: parent.schema.id,
        data: { inner: { $ref: { block_document_id: leaf.id } }, top: 't' },
      });
      expect(mid.data).toEqual({ inner: { secret: '********', x: 1 }, top: '********' });
      expect(mid.block_document_references).toEqual({
        inner: { block_document: { id: leaf.id, name: leaf.name, block_type: child.type, is_anonymous: false, block_document_references: {} } },
      });
      const root = await createDocument(server(), {
        name: unique('root'),
        block_type_id: parent.type.id,
        block_schema_id: parent.schema.id,
        data: { m: { $ref: { block_document_id: mid.id } }, z: 'index' },
      });
      const read = await server().rest('GET', `/block_documents/${root.id}?include_secrets=true`);
      expect(read.body.data).toEqual({ z: 'index', m: { top: 't', inner: { secret: 's', x: 1 } } });
      expect(read.body.block_document_references.m.block_document.block_document_references.inner.block_document.id).toBe(leaf.id);
      expect(await readBlockDocumentData(server().db, root.id)).toEqual({ z: 'index', m: { top: 't', inner: { secret: 's', x: 1 } } });
      // Stored data never holds the $ref entries.
      expect((await server().db.blockDocument.findUnique({ where: { id: mid.id } }))!.data).toEqual({ top: 't' });
      expect((await server().rest('DELETE', `/block_documents/${leaf.id}`)).status).toBe(204);
      expect((await server().rest('GET', `/block_documents/${mid.id}`)).body).toMatchObject({ data: { top: '********' }, block_document_references: {} });
    });

    it('PATCH refuses a reference cycle (and a self-reference) and leaves the document unchanged', async () => {
      const { type, schema } = await typeWithSchema(server());
      const a = await createDocument(server(), { name: unique('a'), block_type_id: type.id, block_schema_id: schema.id, data: { v: 1 } });
      const b = await createDocument(server(), { name: unique('b'), block_type_id: type.id, block_schema_id: schema.id, data: { a: { $ref: { block_document_id: a.id } } } });
      const cycle = await server().rest('PATCH', `/block_documents/${a.id}`, { data: { b: { $ref: { block_document_id: b.id } }, v: 2 } });
      expect(cycle.status).toBe(400);
      expect(cycle.body).toEqual({
        detail: `Cannot create block document reference: it would introduce a cycle into the block_document_reference graph (parent=${a.id}, reference=${b.id}).`,
      });
      const self = await server().rest('PATCH', `/block_documents/${a.id}`, { data: { me: { $ref: { block_document_id: a.id } } } });
      expect(self.status).toBe(400);
      expect((await server().rest('GET', `/block_documents/${a.id}`)).body).toMatchObject({ data: { v: 1 }, block_document_references: {} });
    });
  });

  describe('PATCH', () => {
    it('merges at top level, replaces with merge_existing_data false, wipes with no data, keeps obfuscated secrets', async () => {
      const { type, schema } = await typeWithSchema(server(), ['password', 'w.*']);
      const doc = await createDocument(server(), {
        name: unique('p'),
        block_type_id: type.id,
        block_schema_id: schema.id,
        data: { x: 1, y: 2, z: { a: 1 }, password: 'pw', w: { k: 'secret-k' } },
      });
      const data = async () => (await server().rest('GET', `/block_documents/${doc.id}?include_secrets=true`)).body.data;
      expect((await server().rest('PATCH', `/block_documents/${doc.id}`, { data: { y: 99, z: { b: 2 } } })).status).toBe(204);
      expect(await data()).toEqual({ x: 1, y: 99, z: { b: 2 }, password: 'pw', w: { k: 'secret-k' } });
      await server().rest('PATCH', `/block_documents/${doc.id}`, { data: { password: '********', w: { k: '********' }, x: 5 } });
      expect(await data()).toEqual({ x: 5, y: 99, z: { b: 2 }, password: 'pw', w: { k: 'secret-k' } });
      await server().rest('PATCH', `/block_documents/${doc.id}`, { data: { x: 4, password: '********' }, merge_existing_data: false });
      expect(await data()).toEqual({ x: 4, password: 'pw' });
      // Merging without data changes nothing, block_schema_id included.
      const other = await typeWithSchema(server());
      expect((await server().rest('PATCH', `/block_documents/${doc.id}`, { block_schema_id: other.schema.id })).status).toBe(204);
      expect(await data()).toEqual({ x: 4, password: 'pw' });
      const wrongType = await server().rest('PATCH', `/block_documents/${doc.id}`, { block_schema_id: other.schema.id, data: { q: 1 } });
      expect(wrongType.status).toBe(400);
      expect(wrongType.body).toEqual({ detail: 'Must migrate block document to a block schema of the same block type.' });
      const unknownSchema = await server().rest('PATCH', `/block_documents/${doc.id}`, { block_schema_id: '00000000-0000-4000-8000-000000000000', data: {} });
      expect(unknownSchema.status).toBe(404);
      expect(await data()).toEqual({ x: 4, password: 'pw' });
      expect((await server().rest('PATCH', `/block_documents/${doc.id}`, { merge_existing_data: false })).status).toBe(204);
      expect(await data()).toEqual({});
      expect((await server().rest('PATCH', `/block_documents/${doc.id}`, { data: null })).status).toBe(422);
      expect((await server().rest('PATCH', `/block_documents/${doc.id}`, { name: 'x' })).body.exception_detail[0]).toMatchObject({ type: 'extra_forbidden' });
      expect((await server().rest('PATCH', '/block_documents/00000000-0000-4000-8000-000000000000', { data: {} })).body).toEqual({ detail: 'Block document not found' });
    });

    it('moves to another schema of the same type; a merge PATCH that does not repeat a $ref drops the reference', async () => {
      const { type, schema } = await typeWithSchema(server());
      const second = (await server().rest('POST', '/block_schemas/', { block_type_id: type.id, fields: { marker: unique('s2') } })).body;
      const child = await createDocument(server(), { name: unique('c'), block_type_id: type.id, block_schema_id: schema.id, data: { c: 1 } });
      const doc = await createDocument(server(), {
        name: unique('d'),
        block_type_id: type.id,
        block_schema_id: schema.id,
        data: { ref: { $ref: { block_document_id: child.id } }, v: 1 },
      });
      await server().rest('PATCH', `/block_documents/${doc.id}`, { block_schema_id: second.id, data: { ref: { $ref: { block_document_id: child.id } } } });
      let read = (await server().rest('GET', `/block_documents/${doc.id}`)).body;
      expect(read).toMatchObject({ block_schema_id: second.id, data: { v: 1, ref: { c: 1 } } });
      await server().rest('PATCH', `/block_documents/${doc.id}`, { data: { v: 2 } });
      read = (await server().rest('GET', `/block_documents/${doc.id}`)).body;
      expect(read.data).toEqual({ v: 2 });
      expect(read.block_document_references).toEqual({});
    });
  });

  describe('lists, delete and events', () => {
    it('filter by name (any_, like_), type id, schema capabilities; sorts; limit and offset apply to roots', async () => {
      const { type, schema } = await typeWithSchema(server(), [], ['store']);
      const marker = unique('l');
      const make = (name: string, data: object = {}) => createDocument(server(), { name, block_type_id: type.id, block_schema_id: schema.id, data });
      const c = await make(`${marker}-c`);
      const a = await make(`${marker}-a`, { r: { $ref: { block_document_id: c.id } } });
      const b = await make(`${marker}-b`);
      const filter = (body: Record<string, unknown>) => server().rest('POST', '/block_documents/filter', body);
      expect(ids((await filter({ block_documents: { name: { like_: marker } } })).body)).toEqual([a.id, b.id, c.id]);
      expect(ids((await filter({ block_documents: { name: { like_: marker } }, sort: 'NAME_DESC' })).body)).toEqual([c.id, b.id, a.id]);
      expect(ids((await filter({ block_documents: { name: { like_: marker } }, sort: 'BLOCK_TYPE_AND_NAME_ASC', limit: 1, offset: 1 })).body)).toEqual([b.id]);
      expect(ids((await filter({ block_documents: { name: { any_: [b.name] } } })).body)).toEqual([b.id]);
      expect(ids((await filter({ block_documents: { block_type_id: { any_: [type.id] } }, block_schemas: { block_capabilities: { all_: ['store'] } } })).body)).toEqual([
        a.id,
        b.id,
        c.id,
      ]);
      expect((await filter({ block_documents: { block_type_id: { any_: [type.id] } }, block_schemas: { block_capabilities: { all_: ['store', 'other'] } } })).body).toEqual([]);
      expect((await server().rest('POST', '/block_documents/count', { block_documents: { name: { like_: marker } } })).body).toBe(3);
      expect((await filter({ sort: 'NOPE' })).status).toBe(422);
      const gql = await server().gql(
        `{ read_block_documents(block_documents: { name: { like_: "${marker}" } }, sort: NAME_DESC, limit: 2) { name data block_type { slug } } count_block_documents(block_documents: { name: { like_: "${marker}" } }) }`,
      );
      expect(gql.data).toEqual({
        read_block_documents: [
          { name: c.name, data: {}, block_type: { slug: type.slug } },
          { name: b.name, data: {}, block_type: { slug: type.slug } },
        ],
        count_block_documents: 3,
      });
    });

    it('events: created, updated (even a no-op), deleted for named documents; none for anonymous ones', async () => {
      const seen: ReceivedEvent[] = [];
      const off = server().events.subscribe('block-document-events', (e) => {
        if (e.event.startsWith('prefect.block-document.')) seen.push(e);
      });
      const { type, schema } = await typeWithSchema(server(), ['password']);
      const doc = await createDocument(server(), { name: unique('ev'), block_type_id: type.id, block_schema_id: schema.id, data: { password: 'p', user: 'u', n: 1 } });
      await server().rest('PATCH', `/block_documents/${doc.id}`, {});
      await server().rest('DELETE', `/block_documents/${doc.id}`);
      const anon = await createDocument(server(), { is_anonymous: true, block_type_id: type.id, block_schema_id: schema.id });
      await server().rest('PATCH', `/block_documents/${anon.id}`, { data: { q: 1 } });
      await server().rest('DELETE', `/block_documents/${anon.id}`);
      await server().events.drain();
      off();
      const mine = seen.filter((e) => e.resource['prefect.resource.id'].endsWith(doc.id) || e.resource['prefect.resource.id'].endsWith(anon.id));
      expect(mine.map((e) => e.event)).toEqual(['prefect.block-document.created', 'prefect.block-document.updated', 'prefect.block-document.deleted']);
      expect(mine[0].resource).toEqual({ 'prefect.resource.id': `prefect.block-document.${doc.id}`, 'prefect.resource.name': doc.name });
      expect(mine[0].related).toEqual([
        { 'prefect.resource.id': `prefect.block-type.${type.id}`, 'prefect.resource.role': 'block-type', 'prefect.resource.name': type.name },
        { 'prefect.resource.id': `prefect.block-schema.${schema.id}`, 'prefect.resource.role': 'block-schema' },
      ]);
      expect(mine[0].payload).toEqual({ name: doc.name, data: { user: 'u' }, block_schema: { capabilities: [], block_type: { id: type.id, name: type.name } } });
    });

    it('delete: 204 then 404; GraphQL create, read, update and delete', async () => {
      const { type, schema } = await typeWithSchema(server());
      const name = unique('g');
      const created = await server().gql(
        `mutation { create_block_document(block_document: { name: "${name}", block_type_id: "${type.id}", block_schema_id: "${schema.id}", data: { a: 1 } }) { id name data is_anonymous block_schema { id } } }`,
      );
      const doc = (created.data as any).create_block_document;
      expect(doc).toMatchObject({ name, data: { a: 1 }, is_anonymous: false, block_schema: { id: schema.id } });
      expect((await server().gql(`mutation { update_block_document_data(id: "${doc.id}", block_document: { data: { b: 2 } }) }`)).data).toEqual({
        update_block_document_data: true,
      });
      const read = await server().gql(
        `{ read_block_document_by_id(id: "${doc.id}") { data } read_block_documents_for_block_type(slug: "${type.slug}") { id } read_block_document_by_name_for_block_type(slug: "${type.slug}", block_document_name: "${name}") { id } }`,
      );
      expect(read.data).toEqual({
        read_block_document_by_id: { data: { a: 1, b: 2 } },
        read_block_documents_for_block_type: [{ id: doc.id }],
        read_block_document_by_name_for_block_type: { id: doc.id },
      });
      const noName = await server().gql(`mutation { create_block_document(block_document: { block_type_id: "${type.id}", block_schema_id: "${schema.id}" }) { id } }`);
      expect(noName.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', status: 422 });
      expect((await server().gql(`mutation { delete_block_document(id: "${doc.id}") }`)).data).toEqual({ delete_block_document: true });
      expect((await server().rest('DELETE', `/block_documents/${doc.id}`)).body).toEqual({ detail: 'Block document not found' });
      expect((await server().rest('GET', `/block_documents/${doc.id}`)).status).toBe(404);
    });
  });
});
