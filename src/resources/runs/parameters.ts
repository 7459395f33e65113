// PREFECT_SERVER_API_MAX_PARAMETER_SIZE (flows-and-runs §2.3.4): parameters are
// measured as compact JSON with non-ASCII escaped, in UTF-8 bytes.
import { ValidationError } from '../../errors.ts';

function compactAsciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function checkParameterSize(parameters: Record<string, unknown> | null | undefined, limit: number) {
  if (!parameters || limit === 0 || Object.keys(parameters).length === 0) return;
  const size = Buffer.byteLength(compactAsciiJson(parameters), 'utf8');
  if (size <= limit) return;
  const msg = `Value error, Flow run parameters must be less than ${limit.toLocaleString('en-US')} bytes when serialized (got ${size.toLocaleString('en-US')} bytes).`;
  throw new ValidationError([{ type: 'value_error', loc: ['body', 'parameters'], msg, input: parameters, ctx: { error: {} } }]);
}
