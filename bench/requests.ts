// Sending a scenario's requests by hand (probe, checks); autocannon does the load.
import type { HttpRequest } from './scenarios.ts';

export interface Answer {
  status: number;
  bytes: number;
  /** Items in the answer: array length, or of the first list under data.<field>. */
  items: number | null;
  body: unknown;
}

export const fillPath = (path: string, context: { id?: string }) => path.replace('{{id}}', context.id ?? '');

export async function send(base: string, request: HttpRequest, context: { id?: string } = {}, timeoutMs?: number): Promise<Answer> {
  const res = await fetch(`${base}${fillPath(request.path, context)}`, {
    method: request.method,
    signal: timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs),
    headers: request.body === undefined ? {} : { 'content-type': 'application/json' },
    body: request.body,
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  const id = (body as { id?: unknown })?.id;
  if (typeof id === 'string') context.id = id;
  return { status: res.status, bytes: Buffer.byteLength(text), items: itemsOf(body), body };
}

function itemsOf(body: unknown): number | null {
  if (Array.isArray(body)) return body.length;
  const data = (body as { data?: Record<string, unknown> })?.data;
  if (data && typeof data === 'object') {
    let value = Object.values(data)[0];
    // PostGraphile's connection: { nodes: [...] }
    if (value && typeof value === 'object' && 'nodes' in value) value = (value as { nodes: unknown }).nodes;
    if (Array.isArray(value)) return value.length;
  }
  return null;
}
