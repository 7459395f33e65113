// Block schemas (blocks §3): checksum, create 201/200, nested schemas, reads,
// filter, delete.
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { blockSchemaChecksum } from '../../src/resources/blocks/schemas/checksum.ts';
import { createSchema, createType, unique } from './helpers.ts';

describe('blockSchemaChecksum', () => {
  it('is sha256 over Python json.dumps(([fields], {}), sort_keys=True)', () => {
    expect(blockSchemaChecksum({})).toBe('sha256:f8e6e96abbc38504d4e9c99fc57281fa0026bede1fa42db79f22f984501710f4');
    // secret_fields never affect it, at any object depth.
    expect(blockSchemaChecksum({ a: 1, secret_fields: ['x'] })).toBe(blockSchemaChecksum({ a: 1 }));
    expect(blockSchemaChecksum({ a: { secret_fields: 1 } })).toBe(blockSchemaChecksum({ a: {} }));
    // Key order does not matter; non-ASCII is escaped as Python does.
    expect(blockSchemaChecksum({ b: 1, a: 'é' })).toBe(blockSchemaChecksum({ a: 'é', b: 1 }));
    // Definitions a $ref does not reach, or that are blocks, are left out.
    const withDefs = { properties: { x: { $ref: '#/definitions/X' } }, definitions: { X: { type: 'string' }, Y: { type: 'int' }, B: { block_type_slug: 'b' } } };
    expect(blockSchemaChecksum(withDefs)).toBe(blockSchemaChecksum({ properties: { x: { $ref: '#/definitions/X' } }, definitions: { X: { type: 'string' } } }));
    expect(blockSchemaChecksum({ definitions: { B: { block_type_slug: 'b' } } })).toBe(blockSchemaChecksum({}));
  });
});

describeEachDatabase('blocks: block schemas', (server) => {
  it('create answers 201 then 200 with the first schema, whatever the type or capabilities', async () => {
    const type = await createType(server());
    const other = await createType(server());
    const fields = { title: unique('Schema'), properties: { a: { type: 'string' } }, secret_fields: [] };
    const first = await server().rest('POST', '/block_schemas/', { block_type_id: type.id, fields, capabilities: ['read-path'] });
    expect(first.status).toBe(201);
    expect(Object.keys(first.body)).toEqual(['id', 'created', 'updated', 'checksum', 'fields', 'block_type_id', 'block_type', 'capabilities', 'version']);
    expect(first.body).toMatchObject({ checksum: blockSchemaChecksum(fields), block_type_id: type.id, capabilities: ['read-path'], version: 'non-versioned' });
    expect(first.body.fields.block_schema_references).toEqual({});
    expect(first.body.block_type).toMatchObject({ id: type.id, slug: type.slug });
    const again = await server().rest('POST', '/block_schemas/', { block_type_id: other.id, fields, capabilities: [] });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const versioned = await server().rest('POST', '/block_schemas/', { block_type_id: type.id, fields, version: '2.0' });
    expect(versioned.status).toBe(201);
    // By checksum: the newest without a version, the exact one with it.
    const newest = await server().rest('GET', `/block_schemas/checksum/${encodeURIComponent(first.body.checksum)}`);
    expect(newest.body.id).toBe(versioned.body.id);
    const exact = await server().rest('GET', `/block_schemas/checksum/${encodeURIComponent(first.body.checksum)}?version=non-versioned`);
    expect(exact.body.id).toBe(first.body.id);
    const none = await server().rest('GET', '/block_schemas/checksum/sha256:nope');
    expect(none.status).toBe(404);
    expect(none.body).toEqual({ detail: 'Block schema not found' });
  });

  it('refuses an unknown type, bad fields and extra keys; nothing is written', async () => {
    const missing = await server().rest('POST', '/block_schemas/', { block_type_id: '00000000-0000-4000-8000-000000000000', fields: {} });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ detail: 'Block type 00000000-0000-4000-8000-000000000000 not found.' });
    const type = await createType(server());
    const notDict = await server().rest('POST', '/block_schemas/', { block_type_id: type.id, fields: [1] });
    expect(notDict.status).toBe(422);
    expect(notDict.body.exception_detail[0]).toMatchObject({ type: 'dict_type', loc: ['body', 'fields'] });
    const extra = await server().rest('POST', '/block_schemas/', { block_type_id: type.id, checksum: 'x' });
    expect(extra.body.exception_detail[0]).toMatchObject({ type: 'extra_forbidden', loc: ['body', 'checksum'] });
    const noType = await server().rest('POST', '/block_schemas/', { fields: {} });
    expect(noType.body.exception_detail[0]).toMatchObject({ type: 'missing', loc: ['body', 'block_type_id'] });
  });

  it('nested schemas: children created from definitions, references rebuilt on read, unknown slugs refused', async () => {
    const parentType = await createType(server());
    const childType = await createType(server());
    const childTitle = unique('Child');
    const fields = {
      title: unique('Parent'),
      type: 'object',
      properties: { child: { $ref: `#/definitions/${childTitle}` }, opt: { $ref: '#/definitions/Opt' } },
      block_schema_references: { child: { block_type_slug: childType.slug, block_schema_checksum: 'sha256:child' } },
      definitions: {
        [childTitle]: { title: childTitle, type: 'object', properties: { v: { type: 'string' } }, block_type_slug: childType.slug, secret_fields: ['v'] },
        Opt: { title: 'Opt', enum: ['a'] },
      },
    };
    const created = await server().rest('POST', '/block_schemas/', { block_type_id: parentType.id, fields });
    expect(created.status).toBe(201);
    expect(created.body.fields.block_schema_references).toEqual(fields.block_schema_references);
    expect(created.body.fields.definitions).toEqual(fields.definitions);
    const read = await server().rest('GET', `/block_schemas/${created.body.id}`);
    const childSchemas = await server().rest('POST', '/block_schemas/filter', { block_schemas: { block_type_id: { any_: [childType.id] } } });
    expect(childSchemas.body).toHaveLength(1);
    const child = childSchemas.body[0];
    expect(read.body.fields.block_schema_references).toEqual({ child: { block_schema_checksum: child.checksum, block_type_slug: childType.slug } });
    expect(Object.keys(read.body.fields.definitions).sort()).toEqual([childTitle, 'Opt'].sort());
    expect(read.body.fields.definitions[childTitle]).toMatchObject({ title: childTitle, block_schema_references: {} });

    const unknown = await server().rest('POST', '/block_schemas/', {
      block_type_id: parentType.id,
      fields: { title: 'x', block_schema_references: { c: { block_type_slug: 'no-such-type', block_schema_checksum: 'sha256:x' } } },
    });
    expect(unknown.status).toBe(409);
    expect(unknown.body).toEqual({ detail: "Cannot create block schema because block type 'no-such-type' was not found.Did you forget to register the block type?" });
    const noDefs = await server().rest('POST', '/block_schemas/', {
      block_type_id: parentType.id,
      fields: { title: unique('nodefs'), block_schema_references: { c: { block_type_slug: childType.slug, block_schema_checksum: 'sha256:unknown' } } },
    });
    expect(noDefs.status).toBe(422);
    expect(noDefs.body).toEqual({ detail: 'Unable to create nested block schema due to missing definitions in root block schema fields' });
    // Neither refused create left a row behind.
    expect(await server().db.blockSchema.count({ where: { block_type_id: parentType.id } })).toBe(1);
  });

  it('filter: newest first, by type, capabilities (all of them), id and version; GraphQL too', async () => {
    const type = await createType(server());
    const a = await createSchema(server(), type.id, {}, { capabilities: ['fly', 'swim'] });
    const b = await createSchema(server(), type.id, {}, { capabilities: ['fly'], version: '1' });
    const all = await server().rest('POST', '/block_schemas/filter', { block_schemas: { block_type_id: { any_: [type.id] } } });
    expect(all.body.map((s: { id: string }) => s.id)).toEqual([b.id, a.id]);
    const both = await server().rest('POST', '/block_schemas/filter', { block_schemas: { block_type_id: { any_: [type.id] }, block_capabilities: { all_: ['fly', 'swim'] } } });
    expect(both.body.map((s: { id: string }) => s.id)).toEqual([a.id]);
    const version = await server().rest('POST', '/block_schemas/filter', { block_schemas: { version: { any_: ['1'] }, id: { any_: [a.id, b.id] } } });
    expect(version.body.map((s: { id: string }) => s.id)).toEqual([b.id]);
    const or = await server().rest('POST', '/block_schemas/filter', { block_schemas: { operator: 'or_', id: { any_: [a.id] }, version: { any_: ['1'] } } });
    expect(or.body.map((s: { id: string }) => s.id)).toContain(a.id);
    const limited = await server().rest('POST', '/block_schemas/filter', { block_schemas: { block_type_id: { any_: [type.id] } }, limit: 1, offset: 1 });
    expect(limited.body.map((s: { id: string }) => s.id)).toEqual([a.id]);
    const tooMany = await server().rest('POST', '/block_schemas/filter', { limit: 201 });
    expect(tooMany.status).toBe(422);
    const gql = await server().gql(
      `{ read_block_schemas(block_schemas: { block_type_id: { any_: ["${type.id}"] } }) { id capabilities block_type { slug } } read_block_schema_by_id(id: "${a.id}") { version } }`,
    );
    expect(gql.data).toEqual({
      read_block_schemas: [
        { id: b.id, capabilities: ['fly'], block_type: { slug: type.slug } },
        { id: a.id, capabilities: ['fly', 'swim'], block_type: { slug: type.slug } },
      ],
      read_block_schema_by_id: { version: 'non-versioned' },
    });
  });

  it('delete: 204, 404, 403 for protected types; documents of the schema go with it', async () => {
    const type = await createType(server());
    const schema = await createSchema(server(), type.id);
    const doc = await server().rest('POST', '/block_documents/', { name: unique('d'), block_type_id: type.id, block_schema_id: schema.id });
    expect((await server().rest('DELETE', `/block_schemas/${schema.id}`)).status).toBe(204);
    expect((await server().rest('GET', `/block_documents/${doc.body.id}`)).status).toBe(404);
    expect((await server().rest('DELETE', `/block_schemas/${schema.id}`)).body).toEqual({ detail: 'Block schema not found' });
    const secret = (await server().rest('GET', '/block_types/slug/secret')).body;
    const protectedSchema = (await server().rest('POST', '/block_schemas/filter', { block_schemas: { block_type_id: { any_: [secret.id] } } })).body[0];
    const refused = await server().rest('DELETE', `/block_schemas/${protectedSchema.id}`);
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ detail: 'Block schemas for protected block types cannot be deleted.' });
    // Protected types still accept new schemas.
    const added = await server().rest('POST', '/block_schemas/', { block_type_id: secret.id, fields: { marker: unique('s') } });
    expect(added.status).toBe(201);
    const gql = await server().gql(`mutation { delete_block_schema(id: "${added.body.id}") }`);
    expect(gql.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', status: 403 });
  });
});
