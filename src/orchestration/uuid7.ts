// Time-ordered UUIDv7 for state ids, as Prefect mints them (RFC 9562 layout:
// 48-bit Unix milliseconds, version 7, variant 10, random rest).
import { randomBytes } from 'node:crypto';

export function uuid7(ms: number = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
