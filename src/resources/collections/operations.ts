// GET /collections/views/{view} (blocks-and-ui-routes §10). Prefect fetches
// the prefect-collection-registry views from GitHub and falls back to a file
// it ships; this server makes no outbound request and answers from the data
// it ships: the worker metadata (generated once from Prefect's shipped file,
// `prefect.prefect-agent` removed as Prefect removes it). The other known
// views have no shipped copy: they answer as Prefect does when the fetch fails
// without a fallback (its 500 made the house 503).
import { builder } from '../../graphql/builder.ts';
import { httpError, notFound } from '../../errors.ts';
import workerMetadata from './views/aggregate-worker-metadata.json' with { type: 'json' };

const KNOWN_VIEWS = new Set(['aggregate-block-metadata', 'aggregate-flow-metadata', 'aggregate-worker-metadata', 'demo-flows']);

const SHIPPED: Record<string, unknown> = { 'aggregate-worker-metadata': workerMetadata };

export function readViewContent(view: string): unknown {
  if (!KNOWN_VIEWS.has(view)) throw notFound(`View ${view} not found in registry`);
  // A copy per request: the shipped data stays as shipped whatever a caller does with its answer.
  if (view in SHIPPED) return structuredClone(SHIPPED[view]);
  throw httpError(503, `Unable to fetch view ${view}`);
}

builder.queryFields((t) => ({
  read_view_content: t.field({
    type: 'JSON',
    description: 'A view of the Prefect collection registry (aggregate-worker-metadata is shipped with the server).',
    args: { view: t.arg.string({ description: 'The view to read.', required: true }) },
    resolve: (_root, args) => readViewContent(args.view),
  }),
}));
