// GraphQL requests nest no deeper than REST bodies (PREFECT_SERVER_API_MAX_JSON_DEPTH):
// variables nested 100,000 deep parse fine but overflow the stack later, in
// coercion or in Prisma's JSON columns. The text is scanned before yoga parses
// it; yoga's own parser then reads it as before.
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { tooDeepAt } from '../validation/json-depth.ts';

function tooDeep(maxDepth: number) {
  return createGraphQLError(`The request nests deeper than ${maxDepth} levels (PREFECT_SERVER_API_MAX_JSON_DEPTH).`, {
    extensions: { code: 'BAD_USER_INPUT', status: 400, http: { status: 400 } },
  });
}

export function jsonDepthPlugin(maxDepth: number): Plugin {
  return {
    onRequestParse({ request, url, requestParser, setRequestParser }) {
      if (!requestParser) return;
      if (request.method === 'GET') {
        for (const param of ['variables', 'extensions']) {
          const text = url.searchParams.get(param);
          if (text && tooDeepAt(text, maxDepth) >= 0) throw tooDeep(maxDepth);
        }
        return;
      }
      setRequestParser(async (incoming) => {
        const text = await incoming.text();
        if (tooDeepAt(text, maxDepth) >= 0) throw tooDeep(maxDepth);
        return requestParser(new Request(incoming.url, { method: incoming.method, headers: incoming.headers, body: text }));
      });
    },
  };
}
