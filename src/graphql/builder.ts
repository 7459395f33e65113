// The one Pothos builder. Types, filters and operations register themselves on
// it from their resource folders; schema.ts imports them all and builds.
import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import type PrismaTypes from '../generated/pothos-types.ts';
import { getDatamodel } from '../generated/pothos-types.ts';
import type { Context } from './context.ts';
import { BulkLimitScalar, DateTimeScalar, JSONScalar, KeyValueLabelsScalar, NameScalar, SecondsScalar, NonNegativeIntScalar, PositiveIntScalar, UUIDScalar } from './scalars.ts';

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  DefaultFieldNullability: false;
  Scalars: {
    UUID: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
    KeyValueLabels: { Input: Record<string, string | number | boolean>; Output: unknown };
    Name: { Input: string; Output: string };
    NonNegativeInt: { Input: number; Output: number };
    PositiveInt: { Input: number; Output: number };
    Seconds: { Input: number; Output: number };
    BulkLimit: { Input: number; Output: number };
  };
}>({
  plugins: [PrismaPlugin],
  defaultFieldNullability: false,
  prisma: {
    client: (ctx) => ctx.db,
    dmmf: getDatamodel(),
    // Relation fields are declared by hand with Prefect's filter arguments.
    exposeDescriptions: false,
  },
});

builder.addScalarType('UUID', UUIDScalar);
builder.addScalarType('DateTime', DateTimeScalar);
builder.addScalarType('JSON', JSONScalar);
builder.addScalarType('KeyValueLabels', KeyValueLabelsScalar);
builder.addScalarType('Name', NameScalar);
builder.addScalarType('NonNegativeInt', NonNegativeIntScalar);
builder.addScalarType('PositiveInt', PositiveIntScalar);
builder.addScalarType('Seconds', SecondsScalar);
builder.addScalarType('BulkLimit', BulkLimitScalar);

builder.queryType({ description: 'Reads: Prefect’s read, filter, count and paginate operations.' });
builder.mutationType({ description: 'Writes: Prefect’s create, update, delete and orchestration operations.' });

/** Prefect's `operator` for filter objects: how a filter's criteria combine. */
export const OperatorEnum = builder.enumType('Operator', {
  description: 'Operators for combining filter criteria.',
  values: {
    and_: { value: 'and_', description: 'Every criterion must match.' },
    or_: { value: 'or_', description: 'At least one criterion must match.' },
  } as const,
});
