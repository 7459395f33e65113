// npm run build: bundles the server's own code (src/main.ts, src/cli.ts) into
// dist/ with esbuild, so `npm start` and the `bin` run plain node: no TypeScript
// transform at start. Packages stay external (node_modules is there at run time;
// better-sqlite3 is native and Prisma's runtime loads its own WebAssembly).
import path from 'node:path';
import { build } from 'esbuild';
import { ROOT } from '../src/db/layout.ts';

await build({
  absWorkingDir: ROOT,
  entryPoints: { main: 'src/main.ts', cli: 'src/cli.ts' },
  outdir: path.join(ROOT, 'dist'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
