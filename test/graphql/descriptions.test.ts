// Every element of the public schema says what it is: GraphiQL, the SDL and
// /openapi.json show these descriptions, and Prefect's own are the contract's
// prose. This walks the built schema (test/support/undescribed.ts) and fails
// with every type, field, argument, input field and enum value that has none.
// `npx tsx scripts/undescribed.ts` prints the same list.
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/graphql/schema.ts';
import { undescribed } from '../support/undescribed.ts';

describe('schema descriptions', () => {
  it('describes every type, field, argument, input field and enum value', () => {
    expect(undescribed(schema).missing).toEqual([]);
  });
});
