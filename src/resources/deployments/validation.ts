// Body-level checks of deployment writes (§1.4, §1.5) that the GraphQL input
// types cannot express, with Prefect's 422 items, before anything is written.
import { ValidationError, httpError, type ValidationItem } from '../../errors.ts';
import { checkParameterSize } from '../runs/parameters.ts';
import { schemaError, validateAgainstSchema } from './schema-validation.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const FORBIDDEN_NAME = /[/%&><]/;

const bodyError = (msg: string, input: unknown): ValidationItem => ({ type: 'value_error', loc: ['body'], msg: `Value error, ${msg}`, input, ctx: { error: {} } });

/** Prefect answers a name with / % & > < with a 500; here it is a 422 that says why. */
export function checkDeploymentName(name: string) {
  if (!FORBIDDEN_NAME.test(name)) return;
  throw new ValidationError([
    {
      type: 'value_error',
      loc: ['body', 'name'],
      msg: `Value error, Name "${name}" contains an invalid character. Deployment names may not contain any of / % & > <.`,
      input: name,
      ctx: { error: {} },
    },
  ]);
}

/** `{}` is stored as an empty object schema. */
export const normalizeSchema = (schema: unknown) => (isObject(schema) && Object.keys(schema).length === 0 ? { type: 'object', properties: {} } : schema);

export function checkObject(value: unknown, loc: (string | number)[]) {
  if (value === null || value === undefined || isObject(value)) return;
  throw new ValidationError([{ type: 'dict_type', loc, msg: 'Input should be a valid dictionary', input: value }]);
}

export function checkWriteBody(body: Json, input: Json, maxParameterSize: number) {
  for (const key of ['parameters', 'job_variables', 'parameter_openapi_schema']) checkObject(input[key], ['body', key]);
  if (input.pull_steps != null && (!Array.isArray(input.pull_steps) || !input.pull_steps.every(isObject))) {
    throw new ValidationError([{ type: 'list_type', loc: ['body', 'pull_steps'], msg: 'Input should be a valid list', input: input.pull_steps }]);
  }
  if (input.concurrency_limit && input.global_concurrency_limit_id) {
    throw new ValidationError([bodyError('A deployment cannot have both a concurrency limit and a global concurrency limit.', body)]);
  }
  const grace = (input.concurrency_options as Json | null | undefined)?.grace_period_seconds;
  if (typeof grace === 'number' && (grace < 60 || grace > 86400)) {
    const [bound, type] = grace < 60 ? [60, 'greater_than_equal'] : [86400, 'less_than_equal'];
    throw new ValidationError([
      {
        type,
        loc: ['body', 'concurrency_options', 'grace_period_seconds'],
        msg: `Input should be ${grace < 60 ? 'greater' : 'less'} than or equal to ${bound}`,
        input: grace,
        ctx: { [grace < 60 ? 'ge' : 'le']: bound },
      },
    ]);
  }
  checkParameterSize(input.parameters as Json | null | undefined, maxParameterSize);
}

/** Create only, and only when the body itself turns enforcement on (Prefect's surprise). */
export function checkCreateSchema(body: Json, input: Json) {
  if (!input.enforce_parameter_schema) return;
  const schema = input.parameter_openapi_schema;
  if (isObject(schema)) {
    const bad = schemaError(schema);
    if (bad) throw new ValidationError([bodyError(`The provided schema is not a valid json schema. Schema error: ${bad}`, body)]);
    const failure = validateAgainstSchema(input.parameters ?? {}, schema, { ignoreRequired: true });
    if (failure) throw new ValidationError([bodyError(failure, body)]);
  }
}

/** §1.4 / §1.5 step 5: enforcement on, the schema must be an object and the parameters fit it. */
export function checkParametersAgainst(schema: unknown, parameters: unknown, prefix: string, ignoreRequired: boolean) {
  if (!isObject(schema)) {
    throw httpError(
      409,
      'Error updating deployment: Cannot update parameters because parameter schema enforcement is enabled and the deployment does not have a valid parameter schema.',
    );
  }
  const failure = validateAgainstSchema(parameters ?? {}, schema, { ignoreRequired });
  if (failure) throw httpError(409, `${prefix}: ${failure}`);
}
