// Checking a user template (blocks-and-ui-routes §9; Prefect's
// validate_user_template): Jinja syntax, parsed by nunjucks (Jinja's syntax
// in JavaScript; filters are not resolved at parse time, as in Jinja), then at
// most 10 `for` loops, nested at most 2 deep. Syntax messages are nunjucks'
// reworded into Jinja's where the two say the same thing.
import nunjucks from 'nunjucks';

export const MAX_LOOP_COUNT = 10;
export const MAX_NESTED_LOOP_DEPTH = 2;

export interface TemplateProblem {
  line: number;
  message: string;
}

interface Node {
  typename: string;
  [key: string]: unknown;
}

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && typeof (value as Node).typename === 'string';

function childrenOf(node: Node): Node[] {
  const out: Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'typename' || key === 'lineno' || key === 'colno') continue;
    if (isNode(value)) out.push(value);
    else if (Array.isArray(value)) out.push(...value.filter(isNode));
  }
  return out;
}

/** All `for` nodes, and the deepest nesting of them. */
function loops(node: Node, depth = 0): { count: number; maxDepth: number } {
  const here = node.typename === 'For' || node.typename === 'AsyncEach' || node.typename === 'AsyncAll' ? 1 : 0;
  let count = here;
  let maxDepth = depth + here;
  for (const child of childrenOf(node)) {
    const sub = loops(child, depth + here);
    count += sub.count;
    maxDepth = Math.max(maxDepth, sub.maxDepth);
  }
  return { count, maxDepth };
}

function jinjaMessage(message: string): string {
  const tag = /^unknown block tag: (\S+)/.exec(message);
  if (tag) return `Encountered unknown tag '${tag[1]}'.`;
  const token = /^unexpected token: (.+)$/.exec(message);
  if (token) return `unexpected '${token[1]}'`;
  if (message === 'expected variable end') return "unexpected '}'";
  return message;
}

/** The template's problem, or null when it is acceptable. */
export function templateProblem(template: string): TemplateProblem | null {
  let root: Node;
  try {
    root = (nunjucks as unknown as { parser: { parse(src: string): Node } }).parser.parse(template);
  } catch (error) {
    const e = error as { message?: string; lineno?: number };
    // nunjucks prefixes its own location ("(unknown path) [Line 1, Column 4]") on some paths.
    const text = String(e.message ?? error)
      .replace(/^\(unknown path\)(?: \[Line \d+, Column \d+\])?\s*/, '')
      .split('\n')[0]
      .trim();
    return { line: e.lineno ?? template.split('\n').length, message: jinjaMessage(text) };
  }
  const { count, maxDepth } = loops(root);
  if (count > MAX_LOOP_COUNT) return { line: 0, message: `Contains ${count} for loops. Templates can contain no more than ${MAX_LOOP_COUNT} for loops.` };
  if (maxDepth > MAX_NESTED_LOOP_DEPTH) {
    return { line: 0, message: `Contains nested for loops at a depth of ${maxDepth}. Templates can nest for loops no more than ${MAX_NESTED_LOOP_DEPTH} loops deep.` };
  }
  return null;
}
