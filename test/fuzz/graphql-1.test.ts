// Issue 13 point 8, GraphQL half (share 1 of 2, its own seed): documents over every root
// field of our schema (introspected in-process), with valid and invalid arguments inline
// and as variables, random selections, aliases, fragments, introspection and broken
// documents. Properties: no 5xx (HTTP or extensions), every error with a message and
// extensions.code and nothing internal in it, and the data unchanged by rejected
// mutations. See support/runner.ts and support/known-failures.ts.
import { graphqlFuzzSuite } from './support/graphql-suite.ts';

graphqlFuzzSuite(0, 2, 700);
