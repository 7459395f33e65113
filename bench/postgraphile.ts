// The peer: PostGraphile v5 (Amber preset) over the same PostgreSQL database,
// read-only (no mutations, read-only transactions), answering the nested
// scenario's equivalent document at /graphql.
//
//   node --import tsx bench/postgraphile.ts <postgresql-url> <port>
//
// PostGraphile 5 declares Node 22; on Node 20 it needs Promise.withResolvers,
// polyfilled here before it loads (only in this launcher, never in the server).
import http from 'node:http';

if (typeof (Promise as { withResolvers?: unknown }).withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

const [url, port] = process.argv.slice(2);
const { postgraphile } = await import('postgraphile');
const { PostGraphileAmberPreset } = await import('postgraphile/presets/amber');
const { makePgService } = await import('postgraphile/adaptors/pg');
const { grafserv } = await import('postgraphile/grafserv/node');

const readOnlyUrl = new URL(url);
readOnlyUrl.searchParams.set('options', '-c default_transaction_read_only=on');

const pgl = postgraphile({
  extends: [PostGraphileAmberPreset],
  disablePlugins: ['PgMutationCreatePlugin', 'PgMutationUpdateDeletePlugin', 'PgMutationPayloadEdgePlugin'],
  pgServices: [makePgService({ connectionString: readOnlyUrl.toString(), schemas: ['public'], poolConfig: { max: 10 } } as Parameters<typeof makePgService>[0])],
  grafserv: { graphqlPath: '/graphql', graphiql: false, watch: false },
  grafast: { explain: false },
});
const serv = pgl.createServ(grafserv);
const server = http.createServer();
serv.addTo(server);
server.listen(Number(port), '127.0.0.1', () => console.log(`postgraphile on ${port}`));
