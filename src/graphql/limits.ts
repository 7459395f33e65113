// What one GraphQL document may ask for, checked while it is parsed and
// validated, before any resolver runs (graphql-armor's rules, with our settings):
//   tokens      the parser stops at the limit, so a huge document is never built
//   aliases     10,000 aliases of one list field would be 10,000 queries
//   directives  per operation
//   depth       of ordinary fields (read_flow_runs { flow { flow_runs { ... } } })
//   depth with introspection: __schema is exempt from the depth above, as
//               GraphiQL's own introspection query is 21 deep; it gets a limit
//               of its own. graphql-js's MaxIntrospectionDepthRule (a specified
//               rule yoga runs) already refuses fields/inputFields/interfaces
//               nested three deep inside __schema / __type.
//   cost        armor's default model (objects 2, scalars 1, ×1.5 per level; list
//               arguments `first`/`last` multiply). Armor cannot weight our `limit`
//               argument; the depth and alias limits bound the fan-out instead.
// A rejected document gets one GraphQL error, extensions.code BAD_USER_INPUT
// (armor's "Syntax Error: " prefix dropped: these are limits), nothing executed.
import { GraphQLError, NoSchemaIntrospectionCustomRule, type ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import type { Settings } from '../settings.ts';

/** Armor's rejection, rethrown as our error (thrown: validation stops at the first limit). */
function rejectWithLimitError(_ctx: unknown, error: GraphQLError): never {
  throw new GraphQLError(error.message.replace(/^Syntax Error: /, ''), {
    // spec: as yoga's own parse and validation errors, HTTP 400 for clients that accept
    // application/graphql-response+json, 200 for application/json (GraphQL over HTTP).
    extensions: { code: 'BAD_USER_INPUT', status: 400, http: { status: 400, spec: true } },
  });
}

const onLimit = { onReject: [rejectWithLimitError], propagateOnRejection: true, exposeLimits: true };

export function limitRules(limits: Settings['graphql']): ValidationRule[] {
  return [
    maxAliasesRule({ n: limits.maxAliases, ...onLimit }),
    maxDirectivesRule({ n: limits.maxDirectives, ...onLimit }),
    maxDepthRule({ n: limits.maxDepth, ignoreIntrospection: true, ...onLimit }),
    maxDepthRule({ n: Math.max(limits.maxIntrospectionDepth, limits.maxDepth), ignoreIntrospection: false, ...onLimit }),
    costLimitRule({ maxCost: limits.maxCost, ...onLimit }),
    ...(limits.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
  ] as ValidationRule[];
}

/** The yoga plugins enforcing the limits of `settings.graphql`. */
export function limitPlugins(limits: Settings['graphql']): Plugin[] {
  const rules = limitRules(limits);
  return [
    maxTokensPlugin({ n: limits.maxTokens, ...onLimit }) as Plugin,
    {
      onValidate({ addValidationRule }) {
        for (const rule of rules) addValidationRule(rule);
      },
    },
  ];
}
