// Prints the schema elements that have no description (the list the test
// test/graphql/descriptions.test.ts fails with), and how many there are.
// Run: npx tsx scripts/undescribed.ts
import { schema } from '../src/graphql/schema.ts';
import { undescribed } from '../test/support/undescribed.ts';

const { missing, total } = undescribed(schema);
for (const path of missing) console.log(path);
console.log(`${missing.length} of ${total} schema elements have no description`);
