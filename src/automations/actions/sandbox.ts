// Rendering user templates (events §6.8; Prefect's user_templates.py) with
// nunjucks, Jinja's syntax in JavaScript. nunjucks has no sandbox of its own,
// so each template runs with its own runtime whose lookups refuse the names
// that lead from data to code (`constructor`, `__proto__`, …), `range()` of
// more than 100 items, and the loop limits of templates/jinja.ts. Output
// follows Jinja's printing of Python values where it differs from
// JavaScript's (None, True, dicts), and `tojson` is Python's json.dumps.
import nunjucks from 'nunjucks';
import { templateProblem } from '../../resources/templates/jinja.ts';
import { maybeTemplate } from '../v1-templates.ts';
import { pyRepr, pythonValue } from './outcome.ts';

export const MAX_TEMPLATE_RANGE = 100;

const FORBIDDEN = new Set([
  'constructor',
  '__proto__',
  'prototype',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'caller',
  'callee',
  'arguments',
  // Strings of any size from one call: not a way out, but a way to exhaust memory.
  'repeat',
  'padStart',
  'padEnd',
]);

/** A failure while rendering (Prefect's TemplateRenderError): `error` is the repr of the cause. */
export class TemplateRenderError extends Error {
  constructor(
    readonly error: string,
    readonly template: string,
  ) {
    super(`Failed to render template due to the following error: ${error}`);
  }
}

/** The sandbox's last refusal: nunjucks rewraps errors without their cause, and rendering is synchronous. */
let lastRefusal: SandboxError | null = null;

class SandboxError extends Error {
  constructor(
    readonly pythonName: string,
    message: string,
  ) {
    super(message);
    lastRefusal = this;
  }
}

const runtime = (nunjucks as unknown as { runtime: Record<string, unknown> }).runtime;
const baseMemberLookup = runtime.memberLookup as (obj: unknown, name: unknown) => unknown;
const baseContextLookup = runtime.contextOrFrameLookup as (context: unknown, frame: unknown, name: string) => unknown;
const baseSuppress = runtime.suppressValue as (value: unknown, autoescape: boolean) => unknown;

const refuse = (name: unknown) => {
  throw new SandboxError('SecurityError', `access to attribute ${pyRepr(String(name))} is unsafe`);
};

const sandboxRuntime = {
  ...runtime,
  memberLookup(obj: unknown, name: unknown) {
    if (FORBIDDEN.has(String(name))) refuse(name);
    return baseMemberLookup(obj, name);
  },
  contextOrFrameLookup(context: unknown, frame: unknown, name: string) {
    // Top-level names: only those Object.prototype would answer (`caller` is a {% call %} block's).
    if (FORBIDDEN.has(name) && name !== 'caller') return undefined;
    return baseContextLookup(context, frame, name);
  },
  // How Jinja prints Python values: None, True/False, dicts and lists as repr.
  suppressValue(value: unknown, autoescape: boolean) {
    if (value === null) return 'None';
    if (typeof value === 'boolean') return value ? 'True' : 'False';
    if (typeof value === 'object' && value !== null && !(value instanceof nunjucks.runtime.SafeString)) return pythonValue(value);
    return baseSuppress(value, autoescape);
  },
};

/** Python's len(range(...)) without building it. */
function rangeLength(start: number, stop: number, step: number): number {
  if (step === 0) throw new SandboxError('ValueError', 'range() arg 3 must not be zero');
  const n = Math.ceil((stop - start) / step);
  return Math.max(0, n);
}

function checkedRange(...args: number[]): number[] {
  const [start, stop, step] = args.length === 1 ? [0, args[0], 1] : [args[0], args[1], args[2] ?? 1];
  if (![start, stop, step].every(Number.isInteger)) throw new SandboxError('TypeError', 'range() arguments must be integers');
  if (rangeLength(start, stop, step) > MAX_TEMPLATE_RANGE) {
    throw new SandboxError('OverflowError', `Range too big. The sandbox blocks ranges larger than MAX_TEMPLATE_RANGE=${MAX_TEMPLATE_RANGE}.`);
  }
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}

/** Python's json.dumps (default separators, ASCII only) with Jinja's HTML-safe escapes. */
export function pythonJson(value: unknown, indent?: number): string {
  const text = JSON.stringify(value ?? null, null, indent);
  // JSON.stringify's compact form has no spaces; Python's has ", " and ": ".
  const spaced = indent === undefined ? respace(text) : text;
  return spaced
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/'/g, '\\u0027');
}

/** Adds Python's separators outside strings. */
function respace(json: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    out += c;
    if (inString) {
      if (c === '\\') out += json[++i];
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === ',' || c === ':') out += ' ';
  }
  return out;
}

const FLOW_RUN_ID = /flow-run\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/;

function environment(): nunjucks.Environment {
  const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false });
  env.addGlobal('range', checkedRange);
  env.addFilter('tojson', (value: unknown, indent?: number) => new nunjucks.runtime.SafeString(pythonJson(value, indent)));
  // No UI URL is configured on this server: Prefect's URL filters answer None then.
  env.addFilter('ui_url', () => null);
  env.addFilter('ui_resource_events_url', () => null);
  env.addFilter('flow_run_id', (text: unknown) => (typeof text === 'string' && text ? (FLOW_RUN_ID.exec(text)?.[1] ?? null) : null));
  return env;
}

const env = environment();

/** Prefect's maybe_template: anything with `{{` or `{%` is rendered. */

function causeOf(error: unknown): string {
  if (error instanceof SandboxError) return `${error.pythonName}(${pyRepr(error.message)})`;
  const e = error as { message?: string; cause?: unknown };
  // nunjucks wraps the cause in a TemplateError whose message starts with its location.
  const lines = String(e?.message ?? error)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^\(unknown path\)/.test(l));
  const inner = lines.at(-1) ?? 'unknown error';
  return `TemplateError(${pyRepr(inner.replace(/^Error: /, ''))})`;
}

/** Renders one template with `context` (plain data, see context.ts); a plain string comes back as is. */
export function renderUserTemplate(template: string, context: Record<string, unknown>): string {
  if (!maybeTemplate(template)) return template;
  const problem = templateProblem(template);
  // Loop limits are reported on line 0 (TemplateSecurityError); anything else is a syntax error.
  if (problem) throw new TemplateRenderError(`${problem.line === 0 ? 'TemplateSecurityError' : 'TemplateSyntaxError'}(${pyRepr(problem.message)})`, template);
  lastRefusal = null;
  try {
    const compiled = new nunjucks.Template(template, env, undefined, true) as unknown as {
      rootRenderFunc: (...args: unknown[]) => unknown;
      render(ctx: object): string;
    };
    const root = compiled.rootRenderFunc;
    compiled.rootRenderFunc = (e: unknown, ctx: unknown, frame: unknown, _runtime: unknown, cb: unknown) => root(e, ctx, frame, sandboxRuntime, cb);
    return compiled.render(context);
  } catch (error) {
    throw new TemplateRenderError(causeOf(lastRefusal ?? error), template);
  }
}

interface Node {
  typename: string;
  value?: unknown;
  [key: string]: unknown;
}

/** Which of `names` the templates read as top-level variables (Prefect's matching_types_in_templates). */
export function namesInTemplates(templates: string[], names: readonly string[]): Set<string> {
  const found = new Set<string>();
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const n = node as Node;
    if (n.typename === 'Symbol' && typeof n.value === 'string' && names.includes(n.value)) found.add(n.value);
    for (const [key, value] of Object.entries(n)) if (key !== 'typename') visit(value);
  };
  for (const template of templates) {
    if (!maybeTemplate(template)) continue;
    try {
      visit((nunjucks as unknown as { parser: { parse(src: string): unknown } }).parser.parse(template));
    } catch {
      // A template that does not parse fails when rendered.
    }
  }
  return found;
}
