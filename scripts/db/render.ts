// Renders prisma/model.prisma into one schema per database (npm run db:render).
// Also imported by new-migration.ts and by the test that checks the committed
// schemas are current, so rendering is a pure function of the template.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MODEL_FILE, PROVIDERS, folderOf, schemaFile, type Provider } from '../../src/db/layout.ts';

const HEADER = '// generated from prisma/model.prisma by npm run db:render; do not edit\n';

const NATIVE_TYPES: Record<Provider, Record<string, string>> = {
  sqlite: { UUID: '', JSON: '', TIMESTAMP: '', SMALLINT: '' },
  postgresql: { UUID: '@db.Uuid', JSON: '@db.JsonB', TIMESTAMP: '@db.Timestamptz(6)', SMALLINT: '@db.SmallInt' },
};

export function renderSchema(provider: Provider, template = fs.readFileSync(MODEL_FILE, 'utf8')): string {
  let out = template
    // The template's header explains the markers; the rendered file gets its own.
    .replace(/^(?:\/\/[^\n]*\n)+\n*/, '')
    .replaceAll('{{provider}}', provider)
    .replaceAll('{{target}}', folderOf(provider))
    .replace(/@@(UUID|JSON|TIMESTAMP|SMALLINT)\b/g, (_, marker: string) => NATIVE_TYPES[provider][marker]);
  if (provider === 'sqlite') {
    // SQLite rejects named primary keys and named foreign keys (P1012).
    out = out.replace(/(@@id\(|@relation\()([^\n]*?),\s*map:\s*"[^"]*"/g, '$1$2');
  } else {
    // Pothos types are generated once, from the SQLite client (same models).
    out = out.replace(/(?:\/\/[^\n]*\n)*generator pothos \{[^}]*\}\n\n?/, '');
  }
  const lines = out.split('\n').map((line) => line.trimEnd());
  return `${HEADER}\n${lines.join('\n').replace(/\n*$/, '\n')}`;
}

/** Writes both rendered schemas; returns the files that changed. */
export function renderAll(): string[] {
  const changed: string[] = [];
  for (const provider of PROVIDERS) {
    const file = schemaFile(provider);
    const content = renderSchema(provider);
    if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === content) continue;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    changed.push(file);
  }
  return changed;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const changed = renderAll();
  console.log(changed.length ? `rendered ${changed.map((f) => path.relative(process.cwd(), f)).join(', ')}` : 'rendered schemas are current');
}
