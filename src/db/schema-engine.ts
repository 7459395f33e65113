// Loads Prisma's WebAssembly schema engine by hand: a plain
// `import '@prisma/schema-engine-wasm'` fails on Node 20 (it imports a .wasm
// module), and the native engine cannot be downloaded here.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as bg from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

export type { SchemaEngine };

export const NO_FILTERS: SchemaFilter = { externalTables: [], externalEnums: [] };

/**
 * The engine arms timers (10 s, e.g. around PostgreSQL's migration lock) and
 * never clears them, which kept a finished process alive for 10 s. Unref them:
 * they only matter while an engine call is pending, and then the call's own
 * I/O keeps the process alive.
 */
function withUnrefTimers(module: typeof bg): WebAssembly.ModuleImports {
  const imports: Record<string, unknown> = { ...module };
  for (const key of Object.keys(imports).filter((name) => name.startsWith('__wbg_setTimeout_'))) {
    const arm = imports[key] as (callback: unknown, ms: number) => unknown;
    imports[key] = (callback: unknown, ms: number) => {
      const timer = arm(callback, ms) as { unref?: () => void };
      timer?.unref?.();
      return timer;
    };
  }
  return imports as WebAssembly.ModuleImports;
}

let loaded: Promise<typeof bg.SchemaEngine> | undefined;

/** Instantiates the wasm module once per process (about 100 ms). */
function loadEngineClass(): Promise<typeof bg.SchemaEngine> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
    const bytes = await fs.promises.readFile(path.join(dir, 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': withUnrefTimers(bg) });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bg.SchemaEngine;
  })();
  return loaded;
}

let opened = 0;
/** How many engines this process has opened (tests: whether a call needed one). */
export const enginesOpened = () => opened;

export interface EngineHandle {
  engine: SchemaEngine;
  /** Turns the engine's "External error id#N" into the driver's own error text. */
  explain(error: unknown): Error;
  /** Frees the engine's wasm state; the caller closes the adapter's connections. */
  dispose(): void;
}

/**
 * Opens a schema engine on `adapterFactory` with `datamodel` as its schema
 * (the datasource provider in it must match the adapter's).
 */
export async function openEngine(adapterFactory: SqlMigrationAwareDriverAdapterFactory, datamodel: { path: string; content: string }): Promise<EngineHandle> {
  opened++;
  const SchemaEngineClass = await loadEngineClass();
  const bound = bindMigrationAwareSqlAdapterFactory(adapterFactory);
  const explain = (error: unknown): Error => {
    const message = error instanceof Error ? error.message : String(error);
    const id = /External error id#(\d+)/.exec(message)?.[1];
    const record = id === undefined ? undefined : bound.errorRegistry.consumeError(Number(id));
    if (!record) return error instanceof Error ? error : new Error(message);
    const cause = record.error as { message?: string; originalMessage?: string; kind?: string } | undefined;
    const detail = cause?.originalMessage ?? cause?.message ?? JSON.stringify(cause);
    return new Error(`${message.replace(/External error id#\d+/, detail)}`, { cause: record.error });
  };
  let engine: SchemaEngine;
  try {
    engine = await SchemaEngineClass.new({ datamodels: [[datamodel.path, datamodel.content]] }, () => {}, bound);
  } catch (error) {
    throw explain(error);
  }
  let disposed = false;
  return {
    engine,
    explain,
    dispose() {
      if (disposed) return;
      disposed = true;
      engine.free();
    },
  };
}
