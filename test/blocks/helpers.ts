// Helpers for the block tests: a fresh type + schema per test (unique slugs).
import type { TestServer } from '../support/server.ts';

let n = 0;
export const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${++n}`;

export async function createType(server: TestServer, body: Record<string, unknown> = {}) {
  const slug = unique('t');
  const res = await server.rest('POST', '/block_types/', { name: `Type ${slug}`, slug, ...body });
  if (res.status !== 201) throw new Error(`create type: ${res.status} ${res.text}`);
  return res.body;
}

export async function createSchema(server: TestServer, typeId: string, fields: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  const res = await server.rest('POST', '/block_schemas/', { block_type_id: typeId, fields: { marker: unique('f'), ...fields }, ...extra });
  if (res.status !== 201) throw new Error(`create schema: ${res.status} ${res.text}`);
  return res.body;
}

/** A type with one schema whose secret_fields are given. */
export async function typeWithSchema(server: TestServer, secretFields: string[] = [], capabilities: string[] = []) {
  const type = await createType(server);
  const schema = await createSchema(server, type.id, { secret_fields: secretFields }, { capabilities });
  return { type, schema };
}

export async function createDocument(server: TestServer, body: Record<string, unknown>) {
  const res = await server.rest('POST', '/block_documents/', body);
  if (res.status !== 201) throw new Error(`create document: ${res.status} ${res.text}`);
  return res.body;
}
