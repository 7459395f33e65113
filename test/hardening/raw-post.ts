// A POST written piece by piece with node:http, for bodies too large to build
// in memory: resolves with the answer as soon as it comes, even mid-upload.
import http from 'node:http';

export interface RawAnswer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
  /** Bytes handed to the socket before the answer came. */
  sentBytes: number;
}

export function rawPost(url: string, chunks: Iterable<Buffer>, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    let sentBytes = 0;
    let answered = false;
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8').on('data', (d) => (body += d)).on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers, sentBytes }));
    });
    // Once answered, the server closing mid-upload (EPIPE, ECONNRESET) is expected.
    req.on('error', (error) => (answered ? undefined : reject(error)));
    const iterator = chunks[Symbol.iterator]();
    const writeMore = () => {
      for (;;) {
        if (answered || req.destroyed) return;
        const next = iterator.next();
        if (next.done) return void req.end();
        sentBytes += next.value.length;
        if (!req.write(next.value)) return void req.once('drain', writeMore);
      }
    };
    writeMore();
  });
}

export function* repeat(chunk: Buffer, times: number): Generator<Buffer> {
  for (let i = 0; i < times; i++) yield chunk;
}
