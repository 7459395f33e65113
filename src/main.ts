// Start-up: settings → database → migrations → server; stop on SIGINT/SIGTERM.
// A configuration or connection problem ends the process with one clear line.
import { loadSettings, SettingsError } from './settings.ts';
import { DatabaseUrlError, describeTarget, parseDatabaseUrl } from './db/url.ts';
import { checkConnection, DatabaseUnavailableError, makeClient } from './db/client.ts';
import { applyMigrations } from './db/migrate.ts';
import { createServer } from './server.ts';

async function main() {
  const settings = loadSettings();
  const target = parseDatabaseUrl(settings.database.url);
  await checkConnection(target, { timeoutMs: settings.database.connectionTimeout * 1000 });
  if (settings.database.migrateOnStart) await applyMigrations(target);
  const db = makeClient(target, { log: settings.database.echo });
  const server = createServer({ settings, db, target });
  const { host, port } = settings.api;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  console.log(`Prefect GraphQL gateway on ${address}: GraphQL ${address}/graphql, REST ${address}${settings.api.basePath} (${describeTarget(target)})`);

  const stop = () => {
    server.close();
    server.closeAllConnections();
    void db.$disconnect().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const known = [SettingsError, DatabaseUrlError, DatabaseUnavailableError].some((k) => error instanceof k);
  const listen = (error as NodeJS.ErrnoException).code === 'EADDRINUSE' || (error as NodeJS.ErrnoException).code === 'EACCES';
  console.error(`prefect-graphql: ${known || listen ? (error as Error).message : (error as Error).stack}`);
  process.exit(1);
});
