// The template sandbox (events §6.8): lookups that lead from data to code are
// refused, range() is capped at 100 items, loop limits hold at render time,
// values print as Jinja prints Python's, tojson is Python's json.dumps, and
// the filters Prefect adds exist.
import { describe, expect, it } from 'vitest';
import { namesInTemplates, pythonJson, renderUserTemplate, TemplateRenderError } from '../../../src/automations/actions/sandbox.ts';
import { isPrivateAddress } from '../../../src/automations/actions/outbound.ts';

const render = (template: string, context: Record<string, unknown> = {}) => renderUserTemplate(template, context);
const failure = (template: string, context: Record<string, unknown> = {}) => {
  try {
    render(template, context);
  } catch (error) {
    if (error instanceof TemplateRenderError) return error.error;
    throw error;
  }
  throw new Error('rendered');
};

describe('automation actions: the template sandbox', () => {
  it('refuses the ways from data to code', () => {
    for (const template of [
      '{{ "".constructor.constructor("return process")() }}',
      '{{ labels.constructor }}',
      '{{ labels["__proto__"] }}',
      '{{ range.constructor("return 1")() }}',
      '{{ "x".repeat(100000000) }}',
    ]) {
      expect(failure(template, { labels: {} })).toMatch(/^SecurityError\('access to attribute '.*' is unsafe'\)$|^SecurityError\("access to attribute '.*' is unsafe"\)$/);
    }
    // Macros and call blocks work.
    expect(render('{% macro box(x) %}[{{ x }}{{ caller() }}]{% endmacro %}{% call box(1) %}!{% endcall %}')).toBe('[1!]');
    // A top-level name of Object.prototype is simply undefined.
    expect(render('[{{ constructor }}][{{ __proto__ }}]')).toBe('[][]');
  });

  it('caps range() at 100 items and keeps the loop limits', () => {
    expect(render('{% for i in range(100) %}.{% endfor %}')).toBe('.'.repeat(100));
    expect(render('{{ range(2, 8, 3) | join(",") }}')).toBe('2,5');
    expect(failure('{{ range(101) | length }}')).toBe("OverflowError('Range too big. The sandbox blocks ranges larger than MAX_TEMPLATE_RANGE=100.')");
    expect(failure('{% for a in x %}{% for b in a %}{% for c in b %}{% endfor %}{% endfor %}{% endfor %}')).toBe(
      "TemplateSecurityError('Contains nested for loops at a depth of 3. Templates can nest for loops no more than 2 loops deep.')",
    );
  });

  it('prints None, True, dicts and lists as Jinja does; undefined chains print nothing', () => {
    const context = { v: { n: null, t: true, f: false, d: { a: 1, b: "it's" }, l: [1, 'x'] } };
    expect(render('{{ v.n }} {{ v.t }} {{ v.f }} {{ v.d }} {{ v.l }} [{{ v.missing.deeper }}]', context)).toBe(`None True False {'a': 1, 'b': "it's"} [1, 'x'] []`);
    expect(failure('a broken {{ template')).toMatch(/^TemplateSyntaxError\(/);
    expect(render('plain')).toBe('plain');
  });

  it('tojson is json.dumps with HTML-safe escapes; flow_run_id and the UI URL filters', () => {
    expect(render('{{ v | tojson }}', { v: { a: [1, "é<>&'"], b: null } })).toBe('{"a": [1, "\\u00e9\\u003c\\u003e\\u0026\\u0027"], "b": null}');
    expect(pythonJson({ s: 'a, b: c' })).toBe('{"s": "a, b: c"}');
    expect(render('{{ "see http://x/flow-run/0b6a3b0e-1c2d-4e5f-8a9b-0c1d2e3f4a5b for" | flow_run_id }}')).toBe('0b6a3b0e-1c2d-4e5f-8a9b-0c1d2e3f4a5b');
    expect(render('{{ "nothing" | flow_run_id }} {{ x | ui_url }} {{ x | ui_resource_events_url }}', { x: {} })).toBe('None None None');
  });

  it('finds the object names templates read (only those are fetched)', () => {
    const names = ['flow', 'flow_run', 'deployment', 'variables'];
    expect([...namesInTemplates(['{{ flow_run.name }} {% if deployment %}{{ variables.x }}{% endif %}', 'flow is not read here', '{{ event.flow }}'], names)].sort()).toEqual([
      'deployment',
      'flow_run',
      'variables',
    ]);
  });

  it('private and reserved addresses, IPv4 and IPv6, mapped ones too', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '100.64.0.1']) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) expect(isPrivateAddress(a), a).toBe(false);
  });
});
