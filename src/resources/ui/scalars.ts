// Small scalars of the UI routes, failing with Pydantic's items.
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { InvalidInput } from '../../validation/invalid-input.ts';

/** An integer in [min, max]; the REST door coerces "5" and 5.0 first (laxInt). */
export function boundedInt(name: string, description: string, min: number, max: number) {
  const parse = (v: unknown) => {
    try {
      if (typeof v !== 'number' || !Number.isInteger(v)) throw new InvalidInput('int_type', 'Input should be a valid integer');
      if (v < min) throw new InvalidInput('greater_than_equal', `Input should be greater than or equal to ${min}`, { ge: min });
      if (v > max) throw new InvalidInput('less_than_equal', `Input should be less than or equal to ${max}`, { le: max });
      return v;
    } catch (e) {
      if (e instanceof InvalidInput) throw new GraphQLError(e.msg, { originalError: e });
      throw e;
    }
  };
  return new GraphQLScalarType({
    name,
    description,
    extensions: { laxInt: true },
    serialize: (v) => v,
    parseValue: parse,
    parseLiteral: (ast) => parse(ast.kind === Kind.INT ? Number(ast.value) : ast.kind === Kind.FLOAT ? Number(ast.value) : undefined),
  });
}
