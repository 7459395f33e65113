// Issue 13 point 8, REST half (operations 2 of 2): requests built from Prefect's OpenAPI
// document (routes we do not serve answer 404, which passes), with valid and mutated
// bodies, junk path segments, query strings, headers and raw bodies. Properties: no 5xx,
// every 4xx in Prefect's error shape, no internals in messages, and the data unchanged by
// rejected requests. See support/runner.ts and support/known-failures.ts.
import { restFuzzSuite } from './support/rest-suite.ts';

restFuzzSuite(1, 2, 1_900);
