// The process's logger (pino): one JSON line per record on stdout, or a
// human-readable line when stdout is a terminal. start.ts configures it from
// the settings once; until then (and in tests) it writes warnings and errors only.
//
// Three children, each with its own level:
//   access  one line per request (requests.ts), at PREFECT_LOGGING_LEVEL (INFO)
//   server  the server's own warnings and errors, at PREFECT_SERVER_LOGGING_LEVEL (WARNING)
//   sql     each statement, only when PREFECT_SERVER_DATABASE_ECHO is on
import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Settings } from '../settings.ts';

/** Prefect's (Python's) level names → pino's. */
const LEVELS: Record<string, Level> = { DEBUG: 'debug', INFO: 'info', WARNING: 'warn', WARN: 'warn', ERROR: 'error', CRITICAL: 'fatal' };

export function pinoLevel(prefectLevel: string): Level {
  return LEVELS[prefectLevel.toUpperCase()] ?? 'info';
}

export interface Loggers {
  access: Logger;
  server: Logger;
  sql: Logger;
}

function build(root: Logger, levels: { access: Level; server: Level; sql: Level | 'silent' }): Loggers {
  const child = (name: string, level: Level | 'silent') => root.child({ name }, { level });
  return { access: child('access', levels.access), server: child('server', levels.server), sql: child('sql', levels.sql) };
}

let current: Loggers = build(pino({ level: 'trace' }, pino.destination({ fd: 2, sync: true })), { access: 'warn', server: 'warn', sql: 'silent' });

/** The loggers in use (read at call time: start.ts may replace them). */
export const loggers = (): Loggers => current;

/**
 * Loggers for these settings, writing to `destination` (default: stdout, pretty
 * when it is a terminal). Also makes them the process's loggers.
 */
export function configureLogging(settings: Settings, destination?: DestinationStream): Loggers {
  const out = destination ?? (process.stdout.isTTY ? pretty({ sync: true, colorize: true, ignore: 'pid,hostname' }) : pino.destination({ fd: 1, sync: false }));
  const root = pino({ level: 'trace', base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } }, out);
  current = build(root, {
    access: pinoLevel(settings.logging.level),
    server: pinoLevel(settings.logging.serverLevel),
    sql: settings.database.echo ? 'info' : 'silent',
  });
  return current;
}
