/** GET /version: Prefect's server API version constant. */
export const SERVER_API_VERSION = '0.8.4';
/** GET /admin/version: the Prefect release whose API this server answers (clients check the major). */
export const PREFECT_VERSION = '3.8.4';
/** X-PREFECT-API-VERSION below this is refused. */
export const MINIMUM_API_VERSION: [number, number, number] = [0, 8, 0];
