// The API reference pages: GET /openapi.json (the document, openapi.ts) and
// GET /docs (Swagger UI served from the swagger-ui-dist package: no CDN), at
// the server root without auth as Prefect serves them, and under the API base
// path behind auth like every API route.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import { encodeStaticBody } from '../http/compression.ts';

// Only the package's folder: its index would load the 2 MB browser bundle into the server's heap at start.
const ASSET_DIR = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const page = (documentUrl: string) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Prefect REST API</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
  <script>
    window.ui = SwaggerUIBundle({ url: ${JSON.stringify(documentUrl)}, dom_id: '#swagger-ui', deepLinking: true, presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' });
  </script>
</body>
</html>
`;

/** Every body here is fixed while the server runs: compressed once per variant (keyed by its content). */
function sendText(req: IncomingMessage, res: ServerResponse, contentType: string, body: string | Buffer, cache = 'no-cache') {
  const raw = Buffer.from(body);
  const key = createHash('sha256').update(raw).digest('base64url');
  const headers = { 'content-type': contentType, 'cache-control': cache };
  const encoded = contentType.startsWith('image/') ? { body: raw, headers: { ...headers, 'content-length': raw.length } } : encodeStaticBody(req, key, raw, headers);
  res.writeHead(200, encoded.headers).end(encoded.body);
}

/** The root-level paths these pages answer without auth. */
export const isPublicDocsPath = (pathname: string) => pathname === '/openapi.json' || pathname === '/docs' || pathname.startsWith('/docs/assets/');

/**
 * Answers a docs request and returns true, or returns false for other paths.
 * `prefix` is '' at the root or the API base path.
 */
export async function serveDocs(req: IncomingMessage, res: ServerResponse, pathname: string, prefix: string, document: () => string): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (pathname === `${prefix}/openapi.json`) {
    sendText(req, res, 'application/json', document());
    return true;
  }
  if (pathname === `${prefix}/docs`) {
    sendText(req, res, 'text/html; charset=utf-8', page(`${prefix}/openapi.json`));
    return true;
  }
  const asset = prefix === '' && pathname.startsWith('/docs/assets/') ? pathname.slice('/docs/assets/'.length) : undefined;
  if (asset !== undefined && asset in ASSETS) {
    // The package's files change only with its version: a browser may keep them a day.
    sendText(req, res, ASSETS[asset], await readFile(path.join(ASSET_DIR, asset)), 'public, max-age=86400');
    return true;
  }
  return false;
}
