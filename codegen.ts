// GraphQL Code Generator: types the documents the tests send (`graphql(...)`
// from test/gql) against the committed SDL. Run: npm run codegen
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['test/**/*.ts', '!test/gql/**'],
  ignoreNoDocuments: true,
  emitLegacyCommonJSImports: false,
  generates: {
    'test/gql/': {
      preset: 'client',
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: {
          UUID: 'string',
          DateTime: 'string',
          JSON: 'unknown',
          KeyValueLabels: 'Record<string, string | number | boolean>',
          Name: 'string',
          NonNegativeInt: 'number',
          PositiveInt: 'number',
        },
      },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
