// Settings: Prefect's names, aliases, defaults and the database URL rules.
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsError, loadSettings } from '../src/settings.ts';

describe('loadSettings', () => {
  it('defaults like Prefect: 127.0.0.1:4200, /api, limit 200, SQLite under PREFECT_HOME', () => {
    const s = loadSettings({});
    expect(s.api).toMatchObject({ host: '127.0.0.1', port: 4200, basePath: '/api', defaultLimit: 200, authString: null });
    expect(s.home).toBe(path.join(os.homedir(), '.prefect'));
    expect(s.database.url).toBe(`sqlite+aiosqlite:///${path.join(os.homedir(), '.prefect', 'prefect.db')}`);
    expect(s.database.migrateOnStart).toBe(true);
  });

  it('reads current names before their aliases, case-insensitively', () => {
    const s = loadSettings({
      prefect_server_api_port: '4300',
      PREFECT_API_DEFAULT_LIMIT: '50',
      PREFECT_SERVER_API_DEFAULT_LIMIT: '20',
      PREFECT_API_DATABASE_CONNECTION_URL: 'postgresql+asyncpg://u:p@h:1/db',
      PREFECT_HOME: '~/elsewhere',
    });
    expect(s.api.port).toBe(4300);
    expect(s.api.defaultLimit).toBe(20);
    expect(s.database.url).toBe('postgresql+asyncpg://u:p@h:1/db');
    expect(s.home).toBe(path.join(os.homedir(), 'elsewhere'));
  });

  it('composes a PostgreSQL URL from its parts and fills the password placeholder', () => {
    expect(
      loadSettings({
        PREFECT_SERVER_DATABASE_DRIVER: 'postgresql+asyncpg',
        PREFECT_SERVER_DATABASE_HOST: 'db',
        PREFECT_SERVER_DATABASE_USER: 'me',
        PREFECT_SERVER_DATABASE_NAME: 'prefect',
        PREFECT_SERVER_DATABASE_PASSWORD: 'p@ss',
      }).database.url,
    ).toBe('postgresql+asyncpg://me:p%40ss@db:5432/prefect');
    expect(
      loadSettings({ PREFECT_SERVER_DATABASE_CONNECTION_URL: 'postgresql+asyncpg://me:${PREFECT_SERVER_DATABASE_PASSWORD}@db/x', PREFECT_SERVER_DATABASE_PASSWORD: 's' }).database
        .url,
    ).toBe('postgresql+asyncpg://me:s@db/x');
    expect(() => loadSettings({ PREFECT_SERVER_DATABASE_CONNECTION_URL: 'postgresql://me:${PREFECT_API_DATABASE_PASSWORD}@db/x' })).toThrow(SettingsError);
  });

  it('obfuscates secrets in the public settings object', () => {
    const json = loadSettings({ PREFECT_SERVER_API_AUTH_STRING: 'a:b', PREFECT_API_KEY: '' }).publicJson as any;
    expect(json.server.api.auth_string).toBe('**********');
    expect(json.api.key).toBe('');
    expect(json.api.auth_string).toBeNull();
    expect(json.server.database.connection_url).toBe('**********');
  });

  it('rejects values of the wrong kind with the variable’s name', () => {
    expect(() => loadSettings({ PREFECT_SERVER_API_PORT: 'http' })).toThrow('PREFECT_SERVER_API_PORT=http is not an integer');
    expect(() => loadSettings({ PREFECT_SERVER_DATABASE_MIGRATE_ON_START: 'maybe' })).toThrow(SettingsError);
  });
});
