// A pool's storage_configuration as stored (a JSON object, possibly `{}`) and as
// answered: always the three keys, except that clients of Prefect 3.3.7 and
// older do not know default_result_storage_block_id and must not get it
// (§4.1; conventions: the User-Agent `prefect/<version> (API <x>)`).

export interface StorageConfiguration {
  bundle_upload_step: unknown;
  bundle_execution_step: unknown;
  default_result_storage_block_id?: unknown;
}

const STORAGE_KEYS = ['bundle_upload_step', 'bundle_execution_step', 'default_result_storage_block_id'] as const;

/** The stored object with every key present (null when unset). */
export function fullStorageConfiguration(stored: unknown, base: Record<string, unknown> = {}): Record<string, unknown> {
  const value = (typeof stored === 'object' && stored !== null ? stored : base) as Record<string, unknown>;
  return Object.fromEntries(STORAGE_KEYS.map((key) => [key, value[key] ?? null]));
}

/** The client's Prefect version from `prefect/3.0.1 (API 2.19.3)`, else null. */
export function clientPrefectVersion(userAgent: string | undefined): number[] | null {
  const match = /^prefect\/(\d+)\.(\d+)\.(\d+)\S*\s+\(API [^)]*\)/.exec(userAgent ?? '');
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : null;
}

function atMost(version: number[], bound: number[]): boolean {
  for (let i = 0; i < bound.length; i++) if (version[i] !== bound[i]) return version[i] < bound[i];
  return true;
}

export function storageConfigurationFor(stored: unknown, userAgent: string | undefined): StorageConfiguration {
  const full = fullStorageConfiguration(stored) as unknown as StorageConfiguration;
  const version = clientPrefectVersion(userAgent);
  if (version && atMost(version, [3, 3, 7])) delete full.default_result_storage_block_id;
  return full;
}
