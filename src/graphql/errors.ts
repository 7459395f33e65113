// How domain errors look to GraphQL clients: the message, plus
// extensions.code (NOT_FOUND, BAD_USER_INPUT, CONFLICT, ...) and extensions.status, the HTTP
// status the REST door would send for the same error (not yoga's extensions.http,
// which would change the status of the whole GraphQL response).
import { loggers } from '../logging/logger.ts';
import { GraphQLError } from 'graphql';
import { type ApiError, ValidationError, toApiError } from '../errors.ts';
import { InvalidInput } from '../validation/invalid-input.ts';

export function maskError(error: unknown): Error {
  if (!(error instanceof GraphQLError)) return error as Error;
  const original = error.originalError;
  // Errors of the document or of variables (no original, or our scalar parsers) are already
  // clear; they get the code of bad input where graphql-js and yoga gave none.
  if (!original || original instanceof InvalidInput || original instanceof GraphQLError) {
    if (error.extensions?.code) return error;
    return new GraphQLError(error.message, {
      nodes: error.nodes,
      path: error.path,
      originalError: original,
      extensions: { ...error.extensions, code: 'BAD_USER_INPUT', status: 400 },
    });
  }
  const apiError: ApiError = toApiError(original);
  if (apiError.status === 500) loggers().server.error({ err: original }, 'GraphQL field failed');
  return new GraphQLError(apiError.message, {
    nodes: error.nodes,
    path: error.path,
    originalError: apiError,
    extensions: {
      code: apiError.code,
      status: apiError.status,
      ...(apiError instanceof ValidationError ? { exception_detail: apiError.items } : {}),
      ...(apiError.headers ? { headers: apiError.headers } : {}),
    },
  });
}
