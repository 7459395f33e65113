// Prefect settings the rules read, at their defaults. src/settings.ts is the
// only reader of the environment and does not list these yet.

/** PREFECT_SERVER_TASKS_MAX_CACHE_KEY_LENGTH */
export const MAX_CACHE_KEY_LENGTH = 2000;
