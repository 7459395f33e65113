// POST /templates/validate (blocks-and-ui-routes §9) and validate_template.
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { templateProblem } from '../../src/resources/templates/jinja.ts';

const loops = (n: number) => '{% for x in xs %}{{ x }}{% endfor %}'.repeat(n);
const nested = (depth: number): string => (depth === 0 ? '{{ x }}' : `{% for x${depth} in xs %}${nested(depth - 1)}{% endfor %}`);

describe('template checks', () => {
  it('accepts Jinja templates, unknown filters included', () => {
    expect(templateProblem('Hello {{ flow.name }}')).toBeNull();
    expect(templateProblem('{{ x | no_such_filter }}')).toBeNull();
    expect(templateProblem('{% if a %}{{ a }}{% else %}b{% endif %}')).toBeNull();
    expect(templateProblem(loops(10))).toBeNull();
    expect(templateProblem(nested(2))).toBeNull();
  });

  it('words syntax errors as Jinja does, with the line', () => {
    expect(templateProblem('{% foo %}')).toEqual({ line: 1, message: "Encountered unknown tag 'foo'." });
    expect(templateProblem('a\nb\n{{ x }')).toEqual({ line: 3, message: "unexpected '}'" });
  });

  it('counts loops and nesting (line 0)', () => {
    expect(templateProblem(loops(11))).toEqual({ line: 0, message: 'Contains 11 for loops. Templates can contain no more than 10 for loops.' });
    expect(templateProblem(nested(3))).toEqual({ line: 0, message: 'Contains nested for loops at a depth of 3. Templates can nest for loops no more than 2 loops deep.' });
  });
});

describeEachDatabase('POST /templates/validate', (server) => {
  it('answers 204 with no body for a valid template, and for no body at all', async () => {
    const ok = await server().rest('POST', '/templates/validate', 'Hello {{ flow.name }}');
    expect(ok.status).toBe(422); // a bare string is not JSON text: see the JSON-encoded case below
    const res = await server().rest('POST', '/templates/validate', JSON.stringify('Hello {{ flow.name }}'));
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect((await server().rest('POST', '/templates/validate')).status).toBe(204);
  });

  it('answers 422 with Prefect’s {"error": ...} body', async () => {
    const res = await server().rest('POST', '/templates/validate', JSON.stringify('{% foo %}'));
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.body).toEqual({ error: { line: 1, message: "Encountered unknown tag 'foo'.", source: '{% foo %}' } });
    const many = await server().rest('POST', '/templates/validate', JSON.stringify(loops(11)));
    expect(many.body).toEqual({ error: { line: 0, message: 'Contains 11 for loops. Templates can contain no more than 10 for loops.', source: loops(11) } });
  });

  it('refuses a non-string body with the envelope', async () => {
    const res = await server().rest('POST', '/templates/validate', { a: 1 });
    expect(res.status).toBe(422);
    expect(res.body.exception_detail[0]).toMatchObject({ type: 'string_type', loc: ['body'] });
  });

  it('works over GraphQL', async () => {
    expect((await server().gql('{ validate_template(template: "{{ a }}") }')).data).toEqual({ validate_template: true });
    const bad = await server().gql('{ validate_template(template: "{% foo %}") }');
    expect(bad.errors?.[0]).toMatchObject({ message: "Encountered unknown tag 'foo'.", extensions: { status: 422 } });
  });
});
