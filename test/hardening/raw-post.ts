// A POST written piece by piece with node:http, for bodies too large to build
// in memory: resolves with the answer as soon as it comes, even mid-upload.
import http from 'node:http';

export interface RawAnswer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
  /** Bytes handed to the socket in all. */
  sentBytes: number;
  /** The server closed the connection before the whole body was sent. */
  closed: boolean;
}

/**
 * Keeps writing after the answer comes: a server that went on reading would
 * take every chunk, one that stops closes the connection (`closed`).
 */
export function rawPost(url: string, chunks: Iterable<Buffer>, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    let sentBytes = 0;
    let finished = false;
    let closed = false;
    let answer: Omit<RawAnswer, 'closed'> | undefined;
    // The answer, once the upload is over: finished, or ended by the server closing the connection.
    const settle = () => answer && (finished || closed) && resolve({ ...answer, closed });
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let body = '';
      res
        .setEncoding('utf8')
        .on('data', (d) => (body += d))
        .on('end', () => {
          answer = { status: res.statusCode!, body, headers: res.headers, sentBytes };
          settle();
        });
    });
    req.on('error', (error) => {
      if (answer === undefined && !(error as NodeJS.ErrnoException).code?.match(/EPIPE|ECONNRESET/)) reject(error);
    });
    req.on('close', () => {
      closed = !finished;
      if (!answer) setTimeout(() => (answer ? settle() : reject(new Error('connection closed without an answer'))), 1_000);
      else settle();
    });
    req.on('finish', () => (finished = true));
    const iterator = chunks[Symbol.iterator]();
    const writeMore = () => {
      for (;;) {
        if (req.destroyed) return;
        const next = iterator.next();
        if (next.done) return void req.end();
        sentBytes += next.value.length;
        if (answer) answer.sentBytes = sentBytes;
        if (!req.write(next.value)) return void req.once('drain', writeMore);
      }
    };
    writeMore();
  });
}

export function* repeat(chunk: Buffer, times: number): Generator<Buffer> {
  for (let i = 0; i < times; i++) yield chunk;
}
