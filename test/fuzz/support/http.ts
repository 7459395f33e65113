// A raw HTTP client over node:http with keep-alive: unlike fetch it can send any
// Host header, invalid UTF-8 bytes, no content type at all, or odd methods.
import http from 'node:http';

export interface RawRequest {
  method: string;
  /** Already percent-encoded, query string included (e.g. `/api/flows/%00?x=1`). */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** Parsed JSON when the content type says JSON and it parses; undefined otherwise. */
  json?: unknown;
  /** Set when the body claimed JSON but did not parse. */
  jsonError?: string;
}

export class FuzzClient {
  private agent: http.Agent;

  constructor(
    private baseUrl: string,
    maxSockets: number,
    private timeoutMs = 15_000,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  send(request: RawRequest): Promise<RawResponse> {
    const url = new URL(this.baseUrl);
    const headers: Record<string, string | number> = { ...request.headers };
    if (request.body !== undefined) headers['content-length'] = Buffer.byteLength(request.body);
    return new Promise((resolve, reject) => {
      const req = http.request({ host: url.hostname, port: url.port, method: request.method, path: request.path, headers, agent: this.agent, timeout: this.timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const answer: RawResponse = { status: res.statusCode ?? 0, headers: res.headers, text };
          if (/^application\/(.+\+)?json/.test(res.headers['content-type'] ?? '') && text !== '') {
            try {
              answer.json = JSON.parse(text);
            } catch (error) {
              answer.jsonError = (error as Error).message;
            }
          }
          resolve(answer);
        });
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', reject);
      req.end(request.body);
    });
  }

  close() {
    this.agent.destroy();
  }
}
