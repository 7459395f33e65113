// POST /ui/schemas/validate (blocks-and-ui-routes §7.8), Prefect's test cases and more.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';

const PARAMS = { title: 'Parameters', type: 'object', properties: { param: { title: 'param', position: 0, type: 'integer' } }, required: ['param'] };

describeEachDatabase('UI schema validation', (server) => {
  const validate = (body: unknown) => server().rest('POST', '/ui/schemas/validate', body);

  it('accepts empty schema and values', async () => {
    expect(await validate({ schema: {}, values: {} })).toMatchObject({ status: 200, body: { errors: [], valid: true } });
  });

  it('reports an invalid schema as jsonschema does', async () => {
    const res = await validate({ schema: { ...PARAMS, type: 'NOT A REAL OBJECT RAWR' }, values: { param: 1 } });
    expect(res).toMatchObject({ status: 422, body: { detail: "Invalid schema: 'NOT A REAL OBJECT RAWR' is not valid under any of the given schemas" } });
  });

  it('passes and fails values', async () => {
    expect((await validate({ schema: PARAMS, values: { param: 1 } })).body).toEqual({ errors: [], valid: true });
    const res = await validate({ schema: PARAMS, values: { param: 'not an int' } });
    expect(res.status).toBe(200);
    expect(res.text).toBe('{"errors":[{"property":"param","errors":["\'not an int\' is not of type \'integer\'"]}],"valid":false}');
  });

  it('collects every error; required goes one level down; nested paths and indices nest', async () => {
    const schema = {
      type: 'object',
      properties: {
        a: { type: 'integer' },
        nested: { type: 'object', properties: { x: { type: 'string' }, list: { type: 'array', items: { type: 'integer' } } }, required: ['x', 'list'] },
      },
      required: ['a', 'missing', 'nested'],
    };
    const res = await validate({ schema, values: { a: 'x', nested: { x: 5, list: [1, 'two', 3, 'four'] } } });
    expect(res.body.valid).toBe(false);
    expect(res.body.errors).toEqual([
      { property: 'a', errors: ["'x' is not of type 'integer'"] },
      {
        property: 'nested',
        errors: [
          { property: 'x', errors: ["5 is not of type 'string'"] },
          {
            property: 'list',
            errors: [
              { index: 1, errors: ["'two' is not of type 'integer'"] },
              { index: 3, errors: ["'four' is not of type 'integer'"] },
            ],
          },
        ],
      },
      { property: 'missing', errors: ["'missing' is a required property"] },
    ]);
  });

  it('widens optional properties to accept null', async () => {
    const schema = { type: 'object', properties: { opt: { type: 'integer' } } };
    expect((await validate({ schema, values: { opt: null } })).body.valid).toBe(true);
    expect((await validate({ schema, values: { opt: 'x' } })).body.errors).toEqual([{ property: 'opt', errors: ["'x' is not valid under any of the given schemas"] }]);
  });

  it('resolves workspace variables; a missing one is the error at its path', async () => {
    await server().rest('POST', '/variables/', { name: 'the_int', value: 42 });
    await server().rest('POST', '/variables/', { name: 'the_str', value: 'text' });
    const ref = (name: string) => ({ __prefect_kind: 'workspace_variable', variable_name: name });
    expect((await validate({ schema: PARAMS, values: { param: ref('the_int') } })).body).toEqual({ errors: [], valid: true });
    expect((await validate({ schema: PARAMS, values: { param: ref('the_str') } })).body.errors).toEqual([{ property: 'param', errors: ["'text' is not of type 'integer'"] }]);
    expect((await validate({ schema: PARAMS, values: { param: ref('nope') } })).body.errors).toEqual([{ property: 'param', errors: ["Variable 'nope' not found in workspace."] }]);
  });

  it('accepts valid jinja whatever the type, reports invalid jinja and JSON', async () => {
    expect((await validate({ schema: PARAMS, values: { param: { __prefect_kind: 'jinja', template: '{{ a }}' } } })).body).toEqual({ errors: [], valid: true });
    const badJinja = await validate({ schema: PARAMS, values: { param: { __prefect_kind: 'jinja', template: '{% foo %}' } } });
    expect(badJinja.body.errors).toEqual([{ property: 'param', errors: ["Invalid jinja: Encountered unknown tag 'foo'."] }]);
    const json = await validate({ schema: PARAMS, values: { param: { __prefect_kind: 'json', value: '5' } } });
    expect(json.body.valid).toBe(true);
    const badJson = await validate({ schema: PARAMS, values: { param: { __prefect_kind: 'json', value: 'nope' } } });
    expect(badJson.body.errors).toEqual([{ property: 'param', errors: ['Invalid JSON: Expecting value: line 1 column 1 (char 0)'] }]);
  });

  it('refuses circular schemas and never fetches external refs', async () => {
    const circular = {
      title: 'Parameters',
      type: 'object',
      properties: { param: { title: 'param', position: 0, allOf: [{ $ref: '#/definitions/City' }] } },
      required: ['param'],
      definitions: {
        City: {
          title: 'City',
          properties: { population: { title: 'Population', type: 'integer' }, name: { title: 'Name', type: 'string' } },
          required: ['population', 'name'],
          allOf: [{ $ref: '#/definitions/City' }],
        },
      },
    };
    expect(await validate({ schema: circular, values: { param: "maybe a city, but we'll never know" } })).toMatchObject({
      status: 422,
      body: { detail: 'Invalid schema: Unable to validate schema with circular references.' },
    });
    for (const ref of ['https://a.example.com/schema.json', 'http://169.254.169.254/latest/meta-data/']) {
      const res = await validate({ schema: { title: 'Parameters', type: 'object', properties: { param: { $ref: ref } } }, values: { param: 1 } });
      expect(res.status).toBe(422);
      expect(res.body.detail).toBe(`Invalid schema: Validation failed. Failure reason: Unresolvable: ${ref}`);
    }
  });

  it('requires schema and values as objects', async () => {
    const res = await validate({});
    expect(res.status).toBe(422);
    expect(res.body.exception_detail.map((i: { loc: unknown[] }) => i.loc)).toEqual([
      ['body', 'schema'],
      ['body', 'values'],
    ]);
    const notObject = await validate({ schema: [], values: {} });
    expect(notObject.body.exception_detail[0]).toMatchObject({ type: 'dict_type', loc: ['body', 'schema'] });
  });

  it('works over GraphQL', async () => {
    const res = await server().gql('query($s: JSON!, $v: JSON!) { validate_obj(schema: $s, values: $v) { errors valid } }', { s: PARAMS, v: { param: 'x' } });
    expect(res.data).toEqual({ validate_obj: { errors: [{ property: 'param', errors: ["'x' is not of type 'integer'"] }], valid: false } });
  });
});
