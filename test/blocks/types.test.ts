// Block types (blocks §2) and the built-in types (§6) through REST and GraphQL.
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import type { ReceivedEvent } from '../../src/events/types.ts';
import { BUILTIN_BLOCK_TYPES } from '../../src/resources/blocks/registration.ts';
import { createSchema, createType, unique } from './helpers.ts';

describeEachDatabase('blocks: block types', (server) => {
  describe('built-in types', () => {
    it('a fresh server has every built-in type, exactly the three system types protected', async () => {
      expect(BUILTIN_BLOCK_TYPES).toHaveLength(54);
      const res = await server().rest('POST', '/block_types/filter', {});
      expect(res.status).toBe(200);
      const slugs = res.body.map((t: { slug: string }) => t.slug);
      for (const t of BUILTIN_BLOCK_TYPES) expect(slugs).toContain(t.slug);
      expect(
        res.body
          .filter((t: { is_protected: boolean }) => t.is_protected)
          .map((t: { slug: string }) => t.slug)
          .sort(),
      ).toEqual(['local-file-system', 'secret', 'webhook']);
      // Ordered by name.
      const names = res.body.map((t: { name: string }) => t.name);
      expect(names).toEqual([...names].sort((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)));
      const s3 = await server().rest('GET', '/block_types/slug/s3-bucket');
      expect(s3.body).toMatchObject({ name: 'S3 Bucket', is_protected: false });
      const schema = await server().rest('POST', '/block_schemas/filter', { block_schemas: { block_type_id: { any_: [s3.body.id] } } });
      expect(schema.body[0].checksum).toBe(BUILTIN_BLOCK_TYPES.find((t) => t.slug === 's3-bucket')!.block_schema.checksum);
      // The nested credentials schemas were registered from the same file and are referenced.
      expect(schema.body[0].fields.block_schema_references.credentials).toHaveLength(2);
    });

    it('install_system_block_types answers null, is idempotent and keeps the types protected', async () => {
      for (let i = 0; i < 2; i++) {
        const res = await server().rest('POST', '/block_types/install_system_block_types');
        expect(res.status).toBe(200);
        expect(res.text).toBe('null');
      }
      const secret = await server().rest('GET', '/block_types/slug/secret');
      expect(secret.body.is_protected).toBe(true);
      const all = await server().rest('POST', '/block_types/filter', { block_types: { slug: { any_: ['secret', 'webhook', 'local-file-system'] } } });
      expect(all.body).toHaveLength(3);
      const gql = await server().gql('mutation { install_system_block_types }');
      expect(gql.data).toEqual({ install_system_block_types: null });
    });

    it('capabilities: the union, sorted', async () => {
      const res = await server().rest('GET', '/block_capabilities/');
      expect(res.status).toBe(200);
      expect(res.body).toEqual(['get-directory', 'notify', 'put-directory', 'read-path', 'write-path']);
      const gql = await server().gql('{ read_available_block_capabilities }');
      expect((gql.data as any).read_available_block_capabilities).toEqual(res.body);
    });
  });

  describe('create', () => {
    it('answers 201 with Prefect key order; escapes description and code example; strips URLs', async () => {
      const slug = unique('create');
      const res = await server().rest('POST', '/block_types/', {
        name: 'My: Block \\ | 👍',
        slug,
        description: 'a <b> & c',
        code_example: '<x>',
        logo_url: '  http://x/logo.png \n',
      });
      expect(res.status).toBe(201);
      expect(Object.keys(res.body)).toEqual(['id', 'created', 'updated', 'name', 'slug', 'logo_url', 'documentation_url', 'description', 'code_example', 'is_protected']);
      expect(res.body).toMatchObject({
        slug,
        description: 'a &lt;b&gt; &amp; c',
        code_example: '&lt;x&gt;',
        logo_url: 'http://x/logo.png',
        is_protected: false,
        documentation_url: null,
      });
      const read = await server().rest('GET', `/block_types/${res.body.id}`);
      expect(read.body).toEqual(res.body);
    });

    it('refuses names starting with prefect (any case) after body validation', async () => {
      for (const name of ['Prefect', 'prefect_block_type', 'pReFeCt!']) {
        const res = await server().rest('POST', '/block_types/', { name, slug: unique('p') });
        expect(res.status).toBe(403);
        expect(res.body).toEqual({ detail: "Block type names beginning with 'Prefect' are reserved." });
      }
      const invalid = await server().rest('POST', '/block_types/', { name: 'Prefect', slug: 'Bad Slug' });
      expect(invalid.status).toBe(422);
    });

    it('validates the slug and name like Prefect', async () => {
      const bad = await server().rest('POST', '/block_types/', { name: 'x', slug: 'bad slug' });
      expect(bad.status).toBe(422);
      expect(bad.body.exception_detail[0]).toMatchObject({
        type: 'value_error',
        loc: ['body', 'slug'],
        msg: 'Value error, Block type slug must only contain lowercase letters, numbers, and dashes.',
      });
      const empty = await server().rest('POST', '/block_types/', { name: `Empty ${unique('e')}`, slug: '' });
      expect([201, 409]).toContain(empty.status);
      const name = await server().rest('POST', '/block_types/', { name: 'a/b', slug: unique('n') });
      expect(name.body.exception_detail[0]).toMatchObject({ type: 'string_pattern_mismatch', loc: ['body', 'name'], msg: "String should match pattern '^[^/%&><]+$'" });
      const extra = await server().rest('POST', '/block_types/', { name: 'x', slug: unique('x'), is_protected: true });
      expect(extra.body.exception_detail[0]).toMatchObject({ type: 'extra_forbidden', loc: ['body', 'is_protected'] });
    });

    it('a duplicate slug is 409 naming the submitted name; a duplicate name is fine', async () => {
      const type = await createType(server());
      const dup = await server().rest('POST', '/block_types/', { name: 'Other Name', slug: type.slug });
      expect(dup.status).toBe(409);
      expect(dup.body).toEqual({ detail: 'Block type with name "Other Name" already exists' });
      const sameName = await server().rest('POST', '/block_types/', { name: type.name, slug: unique('same') });
      expect(sameName.status).toBe(201);
    });
  });

  describe('reads', () => {
    it('404s by id and slug', async () => {
      const id = await server().rest('GET', '/block_types/00000000-0000-4000-8000-000000000000');
      expect(id.status).toBe(404);
      expect(id.body).toEqual({ detail: 'Block type not found' });
      const slug = await server().rest('GET', '/block_types/slug/nope-nope');
      expect(slug.body).toEqual({ detail: 'Block type not found' });
    });

    it('filters by name like_, slug any_, and schema capabilities (EXISTS), with limit and offset', async () => {
      const marker = unique('flt');
      const a = await createType(server(), { name: `Alpha ${marker}` });
      const b = await createType(server(), { name: `Beta ${marker}` });
      await createSchema(server(), a.id, {}, { capabilities: ['fly', 'swim'] });
      await createSchema(server(), b.id, {}, { capabilities: ['fly'] });
      const like = await server().rest('POST', '/block_types/filter', { block_types: { name: { like_: marker } } });
      expect(like.body.map((t: { id: string }) => t.id)).toEqual([a.id, b.id]);
      const both = await server().rest('POST', '/block_types/filter', {
        block_types: { name: { like_: marker } },
        block_schemas: { block_capabilities: { all_: ['fly', 'swim'] } },
      });
      expect(both.body.map((t: { id: string }) => t.id)).toEqual([a.id]);
      const fly = await server().rest('POST', '/block_types/filter', { block_types: { name: { like_: marker } }, block_schemas: { block_capabilities: { all_: ['fly'] } } });
      expect(fly.body).toHaveLength(2);
      const slug = await server().rest('POST', '/block_types/filter', { block_types: { slug: { any_: [b.slug] } } });
      expect(slug.body.map((t: { id: string }) => t.id)).toEqual([b.id]);
      const none = await server().rest('POST', '/block_types/filter', { block_types: { slug: { any_: [] } } });
      expect(none.body).toEqual([]);
      const page = await server().rest('POST', '/block_types/filter', { block_types: { name: { like_: marker } }, limit: 1, offset: 1 });
      expect(page.body.map((t: { id: string }) => t.id)).toEqual([b.id]);
      const operator = await server().rest('POST', '/block_types/filter', { block_types: { operator: 'and_' } });
      expect(operator.status).toBe(422);
      const gql = await server().gql(
        `{ read_block_types(block_types: { name: { like_: "${marker}" } }, block_schemas: { block_capabilities: { all_: ["swim"] } }) { id slug is_protected } }`,
      );
      expect((gql.data as any).read_block_types).toEqual([{ id: a.id, slug: a.slug, is_protected: false }]);
    });
  });

  describe('update and delete', () => {
    it('PATCH writes the given fields unescaped, skips when all four are unchanged, emits events', async () => {
      const seen: ReceivedEvent[] = [];
      const off = server().events.subscribe('block-type-events', (e) => {
        if (e.event.startsWith('prefect.block-type.')) seen.push(e);
      });
      const type = await createType(server(), { description: 'a & b', code_example: 'x', logo_url: 'l', documentation_url: 'd' });
      const same = await server().rest('PATCH', `/block_types/${type.id}`, { description: 'a & b', code_example: 'x', logo_url: 'l', documentation_url: 'd' });
      expect(same.status).toBe(204);
      expect((await server().rest('GET', `/block_types/${type.id}`)).body.updated).toBe(type.updated);
      const empty = await server().rest('PATCH', `/block_types/${type.id}`, {});
      expect(empty.status).toBe(204);
      const changed = await server().rest('PATCH', `/block_types/${type.id}`, { description: '<b>', logo_url: null });
      expect(changed.status).toBe(204);
      const read = await server().rest('GET', `/block_types/${type.id}`);
      expect(read.body).toMatchObject({ description: '<b>', logo_url: null, code_example: 'x', documentation_url: 'd' });
      const bad = await server().rest('PATCH', `/block_types/${type.id}`, { name: 'x' });
      expect(bad.body.exception_detail[0]).toMatchObject({ type: 'extra_forbidden', loc: ['body', 'name'] });
      const missing = await server().rest('PATCH', '/block_types/00000000-0000-4000-8000-000000000000', {});
      expect(missing.status).toBe(404);
      const del = await server().rest('DELETE', `/block_types/${type.id}`);
      expect(del.status).toBe(204);
      expect((await server().rest('GET', `/block_types/${type.id}`)).status).toBe(404);
      await server().events.drain();
      off();
      const mine = seen.filter((e) => e.resource['prefect.resource.id'] === `prefect.block-type.${type.id}`);
      expect(mine.map((e) => e.event)).toEqual(['prefect.block-type.created', 'prefect.block-type.updated', 'prefect.block-type.updated', 'prefect.block-type.deleted']);
      expect(mine[0].payload).toEqual({
        name: type.name,
        slug: type.slug,
        logo_url: 'l',
        documentation_url: 'd',
        description: 'a &amp; b',
        code_example: 'x',
        is_protected: false,
      });
      expect(mine[0].resource['prefect.resource.name']).toBe(type.name);
    });

    it('protected types: PATCH 204, DELETE 403; deleting a type cascades to its schemas and documents', async () => {
      const secret = (await server().rest('GET', '/block_types/slug/secret')).body;
      expect((await server().rest('PATCH', `/block_types/${secret.id}`, { description: secret.description })).status).toBe(204);
      const del = await server().rest('DELETE', `/block_types/${secret.id}`);
      expect(del.status).toBe(403);
      expect(del.body).toEqual({ detail: 'protected block types cannot be deleted.' });
      const type = await createType(server());
      const schema = await createSchema(server(), type.id);
      const doc = await server().rest('POST', '/block_documents/', { name: unique('doc'), block_type_id: type.id, block_schema_id: schema.id, data: {} });
      expect((await server().rest('DELETE', `/block_types/${type.id}`)).status).toBe(204);
      expect((await server().rest('GET', `/block_schemas/${schema.id}`)).status).toBe(404);
      expect((await server().rest('GET', `/block_documents/${doc.body.id}`)).status).toBe(404);
      expect((await server().rest('DELETE', `/block_types/${type.id}`)).body).toEqual({ detail: 'Block type not found' });
    });

    it('GraphQL create, read by slug, update and delete', async () => {
      const slug = unique('gql');
      const created = await server().gql(`mutation { create_block_type(block_type: { name: "G", slug: "${slug}", description: "<p>" }) { id slug description is_protected } }`);
      const id = (created.data as any).create_block_type.id;
      expect((created.data as any).create_block_type).toMatchObject({ slug, description: '&lt;p&gt;', is_protected: false });
      const upd = await server().gql(`mutation { update_block_type(id: "${id}", block_type: { code_example: "c" }) }`);
      expect(upd.data).toEqual({ update_block_type: true });
      const read = await server().gql(`{ read_block_type_by_slug(slug: "${slug}") { code_example } read_block_type_by_id(id: "${id}") { slug } }`);
      expect(read.data).toEqual({ read_block_type_by_slug: { code_example: 'c' }, read_block_type_by_id: { slug } });
      const reserved = await server().gql('mutation { create_block_type(block_type: { name: "prefect x", slug: "y" }) { id } }');
      expect(reserved.errors?.[0]).toMatchObject({ message: "Block type names beginning with 'Prefect' are reserved.", extensions: { code: 'FORBIDDEN', status: 403 } });
      expect((await server().gql(`mutation { delete_block_type(id: "${id}") }`)).data).toEqual({ delete_block_type: true });
      const gone = await server().gql(`{ read_block_type_by_id(id: "${id}") { id } }`);
      expect(gone.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    });
  });
});
