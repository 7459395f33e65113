// The `prefect-graphql-gateway` command (package.json "bin"), shaped like
// Prefect's own: `prefect-graphql-gateway server start [--host H] [--port P]`.
// Flags override the PREFECT_SERVER_API_HOST / _PORT settings.
import { parseArgs } from 'node:util';
import { run } from './start.ts';

const USAGE = `usage: prefect-graphql-gateway server start [--host HOST] [--port PORT]

Serves GraphQL at /graphql and Prefect's REST API at /api (settings: PREFECT_* environment variables, see README).`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

const { values, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: { host: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    return fail((error as Error).message);
  }
})();

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (positionals.join(' ') !== 'server start') fail(`unknown command: ${positionals.join(' ') || '(none)'}`);

const overrides: Record<string, string> = {};
if (values.host !== undefined) overrides.PREFECT_SERVER_API_HOST = values.host;
if (values.port !== undefined) overrides.PREFECT_SERVER_API_PORT = values.port;
run({ ...process.env, ...overrides });
