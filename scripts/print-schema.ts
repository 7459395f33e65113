// Writes the SDL the code builds to schema/schema.graphql (committed; a test
// fails when the two differ). Run: npm run schema
import { writeFileSync } from 'node:fs';
import { printedSchema } from '../src/graphql/schema.ts';

const file = new URL('../schema/schema.graphql', import.meta.url);
writeFileSync(file, printedSchema());
console.log(`wrote ${file.pathname}`);
