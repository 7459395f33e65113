// prefect.block-type.* and prefect.block-document.* (blocks §2.8, §5.9;
// Prefect's lifecycle._block_type_event / _block_document_event).
import type { BlockType as BlockTypeRow } from '../../generated/sqlite/client.ts';
import { uuid7 } from '../../orchestration/uuid7.ts';
import type { ReceivedEvent } from '../../events/types.ts';
import type { BlockDocumentResponse } from './documents/read.ts';
import { secretFieldsOf } from './documents/secrets.ts';

type Action = 'created' | 'updated' | 'deleted';

function lifecycleEvent(
  kind: string,
  action: Action,
  id: string,
  name: string | null,
  payload: Record<string, unknown>,
  related: ReceivedEvent['related'],
  occurred: Date,
): ReceivedEvent {
  return {
    occurred,
    event: `prefect.${kind}.${action}`,
    resource: { 'prefect.resource.id': `prefect.${kind}.${id}`, ...(name === null ? {} : { 'prefect.resource.name': name }) },
    related,
    payload,
    id: uuid7(occurred.getTime()),
    follows: null,
    received: occurred,
  };
}

export function blockTypeEvent(action: Action, type: BlockTypeRow, occurred = new Date()): ReceivedEvent {
  const payload = {
    name: type.name,
    slug: type.slug,
    logo_url: type.logo_url,
    documentation_url: type.documentation_url,
    description: type.description,
    code_example: type.code_example,
    is_protected: type.is_protected,
  };
  return lifecycleEvent('block-type', action, type.id, type.name, payload, [], occurred);
}

/** Built from the obfuscated document: string values of keys not listed in secret_fields. */
export function blockDocumentEvent(action: Action, doc: BlockDocumentResponse, occurred = new Date()): ReceivedEvent {
  const secrets = new Set(secretFieldsOf(doc.block_schema?.fields));
  const data = Object.fromEntries(Object.entries(doc.data).filter(([k, v]) => !secrets.has(k) && typeof v === 'string'));
  const typeResource: Record<string, string> = { 'prefect.resource.id': `prefect.block-type.${doc.block_type_id}`, 'prefect.resource.role': 'block-type' };
  if (doc.block_type_name) typeResource['prefect.resource.name'] = doc.block_type_name;
  const related = [typeResource, { 'prefect.resource.id': `prefect.block-schema.${doc.block_schema_id}`, 'prefect.resource.role': 'block-schema' }];
  const payload = {
    name: doc.name,
    data,
    block_schema: doc.block_schema ? { capabilities: doc.block_schema.capabilities, block_type: { id: doc.block_type_id, name: doc.block_type_name ?? '' } } : null,
  };
  return lifecycleEvent('block-document', action, doc.id, doc.name, payload, related as ReceivedEvent['related'], occurred);
}
