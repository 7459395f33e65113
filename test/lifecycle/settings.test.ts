// PREFECT_SERVER_API_SHUTDOWN_TIMEOUT: the drain bound of a graceful shutdown.
import { describe, expect, it } from 'vitest';
import { loadSettings, SettingsError } from '../../src/settings.ts';

describe('PREFECT_SERVER_API_SHUTDOWN_TIMEOUT', () => {
  it('defaults to 10 seconds and takes fractions', () => {
    expect(loadSettings({}).api.shutdownTimeout).toBe(10);
    expect(loadSettings({ PREFECT_SERVER_API_SHUTDOWN_TIMEOUT: '2.5' }).api.shutdownTimeout).toBe(2.5);
    expect(loadSettings({ PREFECT_SERVER_API_SHUTDOWN_TIMEOUT: '0' }).api.shutdownTimeout).toBe(0);
  });

  it('is shown by /admin/settings as server.api.shutdown_timeout', () => {
    const json = loadSettings({ PREFECT_SERVER_API_SHUTDOWN_TIMEOUT: '3' }).publicJson as { server: { api: Record<string, unknown> } };
    expect(json.server.api.shutdown_timeout).toBe(3);
  });

  it('refuses a negative or non-numeric value with one clear message', () => {
    expect(() => loadSettings({ PREFECT_SERVER_API_SHUTDOWN_TIMEOUT: '-1' })).toThrow(new SettingsError('PREFECT_SERVER_API_SHUTDOWN_TIMEOUT must be 0 or more seconds, got -1'));
    expect(() => loadSettings({ PREFECT_SERVER_API_SHUTDOWN_TIMEOUT: 'soon' })).toThrow('PREFECT_SERVER_API_SHUTDOWN_TIMEOUT=soon is not a number');
  });
});
