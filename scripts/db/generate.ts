// Generates both Prisma clients (src/generated/sqlite, src/generated/postgres)
// and the Pothos types (src/generated/pothos-types.ts, from the SQLite schema).
// src/generated/ is gitignored, so this runs from npm's postinstall: it must
// work offline on a clean clone.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROVIDERS, ROOT, schemaFile } from '../../src/db/layout.ts';
import { renderAll } from './render.ts';

const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');

function generate(schema: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [prismaCli, 'generate', '--schema', schema], {
      cwd: ROOT,
      env: {
        ...process.env,
        // `prisma generate` would otherwise download the native schema engine,
        // which it does not need for generating (no internet here).
        PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? '/bin/true',
        CHECKPOINT_DISABLE: '1',
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`prisma generate --schema ${path.relative(ROOT, schema)} failed (exit ${code}):\n${output}`));
    });
  });
}

export async function generateAll(): Promise<void> {
  // A changed template must not leave stale rendered schemas behind the clients.
  renderAll();
  // The two schemas write to disjoint folders, so they can run side by side.
  await Promise.all(PROVIDERS.map((provider) => generate(schemaFile(provider))));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = performance.now();
  generateAll().then(
    () => console.log(`generated src/generated/{sqlite,postgres,pothos-types.ts} in ${Math.round(performance.now() - started)} ms`),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
