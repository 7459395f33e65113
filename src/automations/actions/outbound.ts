// Outbound HTTP for webhook and notification blocks, guarded against server-
// side request forgery: only http(s), and no private, loopback, link-local or
// otherwise reserved address unless PREFECT_SERVER_EVENTS_ACTIONS_ALLOW_PRIVATE_TARGETS
// allows them (the block's own allow_private_urls: false refuses them always).
// Addresses are checked when the connection is made, on the address actually
// connected to, so a name that changes between check and connect (DNS
// rebinding) cannot slip through. Messages are Prefect's validate_restricted_url's.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net, { BlockList } from 'node:net';
import { pyRepr } from './outcome.ts';

const blocked = new BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(prefix, bits, 'ipv4');
for (const [prefix, bits] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(prefix, bits, 'ipv6');

/** True for an address no automation should reach unless allowed. */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isPrivateAddress(mapped[1]);
  const family = net.isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export class OutboundRefused extends Error {
  readonly pythonName = 'ValueError';
}

export interface OutboundRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Private and loopback targets may be reached. */
  allowPrivate: boolean;
  timeoutMs?: number;
  /** Skip TLS certificate checks (the Webhook block's `verify: false`). */
  insecure?: boolean;
}

export interface OutboundResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** Prefect's pre-flight message parts: the URL must be http(s) with a host. */
function parseTarget(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new OutboundRefused(`${pyRepr(url)} is not a valid URL.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new OutboundRefused(`${pyRepr(url)} is not a valid URL.  Only HTTP and HTTPS URLs are allowed.`);
  if (!parsed.hostname) throw new OutboundRefused(`${pyRepr(url)} is not a valid URL.`);
  return parsed;
}

/** Response bodies read beyond this are cut: events keep only 1000 characters anyway. */
const MAX_RESPONSE_BYTES = 1_000_000;

export function sendOutbound(request: OutboundRequest): Promise<OutboundResponse> {
  const target = parseTarget(request.url);
  const refused = (address: string) => new OutboundRefused(`${pyRepr(request.url)} is not a valid URL.  It resolves to the private address ${address}.`);
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  // A literal address is checked at once; names are checked on every address they resolve to.
  if (net.isIP(host) && !request.allowPrivate && isPrivateAddress(host)) return Promise.reject(refused(host));
  const lookup: net.LookupFunction = (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(new OutboundRefused(`${pyRepr(request.url)} is not a valid URL.  It could not be resolved.`), '', 0);
      const list = addresses as dns.LookupAddress[];
      const bad = request.allowPrivate ? undefined : list.find((a) => isPrivateAddress(a.address));
      if (bad) return callback(refused(bad.address), '', 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      target,
      { method: request.method, headers: request.headers, lookup, timeout: request.timeoutMs ?? 30_000, ...(request.insecure ? { rejectUnauthorized: false } : {}) },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
        });
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [key, value] of Object.entries(res.headers)) if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : value;
          resolve({ status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(request.body);
  });
}
