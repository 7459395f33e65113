import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Node loads graphql's CommonJS build for dependencies (Pothos, yoga); make
    // Vite give our files the same one, or graphql sees two realms.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Each file starts its own servers on fresh databases; files run in parallel
    // on the two cores, tests inside a file run in order.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One module graph per worker, not per file: importing the server (Prisma's
    // generated clients, the Pothos schema) cost about 7 s per file, most of a
    // 22-minute run. Files share modules, never servers or databases: state
    // that must not leak between files lives per server or per database client.
    isolate: false,
    globalSetup: ['test/support/global-setup.ts'],
  },
});
