// Start-up: settings → database → migrations → server → background services;
// on SIGTERM/SIGINT the reverse, gracefully (lifecycle.ts). A configuration or
// connection problem ends the process with one clear line.
import { loadSettings, SettingsError } from './settings.ts';
import { DatabaseUrlError, describeTarget, parseDatabaseUrl } from './db/url.ts';
import { checkConnection, clientOptions, DatabaseUnavailableError, makeClient } from './db/client.ts';
import { applyMigrations } from './db/migrate.ts';
import { createServer } from './server.ts';
import { shutDownOnSignals, trackRequests } from './lifecycle.ts';
import { createMemoryBus } from './events/bus.ts';
import { startServices } from './services/index.ts';
import { ensureBuiltinBlockTypes } from './resources/blocks/registration.ts';
import { configureLogging } from './logging/logger.ts';

async function main(env: NodeJS.ProcessEnv) {
  const settings = loadSettings(env);
  configureLogging(settings);
  const target = parseDatabaseUrl(settings.database.url);
  await checkConnection(target, { timeoutMs: settings.database.connectionTimeout * 1000 });
  if (settings.database.migrateOnStart) await applyMigrations(target);
  const db = makeClient(target, clientOptions(settings));
  // The built-in block types (blocks §6), idempotent; block requests wait for it too (resources/blocks/registration.ts).
  if (settings.blocks.registerOnStart) await ensureBuiltinBlockTypes(db);
  const events = createMemoryBus();
  const server = createServer({ settings, db, target, events });
  const requests = trackRequests(server);
  const { host, port } = settings.api;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  console.log(`Prefect GraphQL gateway on ${address}: GraphQL ${address}/graphql, REST ${address}${settings.api.basePath} (${describeTarget(target)})`);

  // Background services (src/services/index.ts); shutdown stops them after
  // the HTTP drain, last started first.
  const services = startServices({ settings, db, target, events });
  shutDownOnSignals({
    requests,
    drainMs: settings.api.shutdownTimeout * 1000,
    services,
    disconnect: () => db.$disconnect(),
    log: (line) => console.log(`prefect-graphql: ${line}`),
  });
}

/** Starts the server with settings from `env`; a start-up failure ends the process with one line. */
export function run(env: NodeJS.ProcessEnv): void {
  main(env).catch(exitWithReason);
}

function exitWithReason(error: unknown): never {
  const known = [SettingsError, DatabaseUrlError, DatabaseUnavailableError].some((k) => error instanceof k);
  const listen = (error as NodeJS.ErrnoException).code === 'EADDRINUSE' || (error as NodeJS.ErrnoException).code === 'EACCES';
  console.error(`prefect-graphql: ${known || listen ? (error as Error).message : (error as Error).stack}`);
  process.exit(1);
}
