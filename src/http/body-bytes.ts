// A request body's bytes, bounded: the REST door reads every body this way, the
// GraphQL door its POSTs (so it can look a request up before yoga parses it).
import type { IncomingMessage } from 'node:http';
import { bodyTooLarge, httpError } from '../errors.ts';

/** Prefect's 400 for a body it could not read or decode. */
export const unreadableBody = () => httpError(400, 'There was an error parsing the body');

/** How long a refused upload's connection stays open after the 413, for the client to read it. */
const LINGER_MS = 1_000;

/**
 * After a 413: reads no more of the body and closes the connection a moment
 * later. Closing at once would reset it while the client is still writing,
 * and a reset can discard the 413 before the client reads it (nginx's
 * lingering close solves the same); meanwhile TCP stops the client's upload.
 */
function closeSoon(req: IncomingMessage): void {
  req.pause();
  const timer = setTimeout(() => req.socket.destroy(), LINGER_MS).unref();
  req.socket.once('close', () => clearTimeout(timer));
}

/**
 * The body's bytes, refused as soon as they exceed `max`: up front from
 * Content-Length, else while streaming (a chunked or lying client). Nothing
 * past the limit is kept, and reading stops there.
 */
export function readBytes(req: IncomingMessage, max: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) {
    closeSoon(req);
    return Promise.reject(bodyTooLarge(max));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (error?: Error) => {
      req.off('data', onData).off('end', onEnd).off('error', stop).off('close', onClose);
      if (error) reject(error);
    };
    // A client that leaves mid-body: settle, so the chunks read so far are not held forever.
    const onClose = () => stop(unreadableBody());
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        stop(bodyTooLarge(max));
        closeSoon(req);
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    req.on('data', onData).on('end', onEnd).on('error', stop).on('close', onClose);
  });
}
