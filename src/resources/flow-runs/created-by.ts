// created_by of a run made by an automation (flows-and-runs §2.3.7): only when
// both Prefect-Automation-Id (a UUID) and Prefect-Automation-Name (base64 of
// the display name) are sent; a name that does not decode means no created_by.
import { TextDecoder } from 'node:util';
import { ValidationError } from '../../errors.ts';
import type { Context } from '../../graphql/context.ts';
import { InvalidInput } from '../../validation/invalid-input.ts';
import { parseUuid } from '../../validation/uuid.ts';

export interface CreatedBy {
  id: string;
  type: 'AUTOMATION';
  display_value: string;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function decodeBase64(text: string): string | null {
  if (!BASE64.test(text)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(text, 'base64'));
  } catch {
    return null;
  }
}

export function automationCreator(ctx: Context): CreatedBy | null {
  const id = ctx.header('prefect-automation-id');
  const name = ctx.header('prefect-automation-name');
  if (id === undefined || name === undefined) return null;
  let uuid: string;
  try {
    uuid = parseUuid(id);
  } catch (error) {
    if (!(error instanceof InvalidInput)) throw error;
    throw new ValidationError([{ type: error.type, loc: ['header', 'prefect-automation-id'], msg: error.msg, input: id, ...(error.ctx ? { ctx: error.ctx } : {}) }]);
  }
  const displayValue = decodeBase64(name);
  return displayValue === null ? null : { id: uuid, type: 'AUTOMATION', display_value: displayValue };
}
