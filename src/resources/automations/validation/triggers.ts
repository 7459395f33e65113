// The trigger union (events §5.2): event, compound and sequence triggers,
// nested to any depth. Every id the client sent is replaced by a fresh one
// (Prefect's reset_ids, on create and on PUT); durations are stored as seconds.
import { randomUUID } from 'node:crypto';
import type { ValidationItem } from '../../../errors.ts';
import type { CompoundTrigger, EventTrigger, ResourceSpecification, SequenceTrigger, Trigger } from '../../../automations/types.ts';
import { FAILED, isObject, type Loc, type ModelReader } from './model.ts';
import { validateUnion, type UnionMember, type UnionResult } from './union.ts';

const PROACTIVE_MINIMUM = 10;

/** A resource specification: label → a string or a list of strings. */
function specification(m: ModelReader, _key: string, value: unknown, loc: Loc): ResourceSpecification | typeof FAILED {
  if (!isObject(value)) {
    m.items.push({ type: 'dict_type', loc, msg: 'Input should be a valid dictionary', input: value });
    return FAILED;
  }
  const before = m.items.length;
  for (const [label, v] of Object.entries(value)) {
    const ok = typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
    if (!ok) m.items.push({ type: 'string_type', loc: [...loc, label], msg: 'Input should be a valid string', input: v });
  }
  return m.items.length > before ? FAILED : (value as ResourceSpecification);
}

function readEvent(m: ModelReader): EventTrigger | undefined {
  // Prefect's model "before" validator runs first: on failure no field is read.
  if (m.has('within') && m.input.within === null) {
    m.modelError('`within` should be a valid timedelta');
    return undefined;
  }
  const posture = m.input.posture;
  let within: number | typeof FAILED = 0;
  if (m.has('within')) within = m.seconds('within');
  if (posture === 'Proactive' && within !== FAILED) {
    if (within === 0) within = PROACTIVE_MINIMUM;
    else if (within < PROACTIVE_MINIMUM) {
      m.items.length = 0;
      m.modelError('`within` for Proactive triggers must be greater than or equal to 10 seconds');
      return undefined;
    }
  }
  const withinItems = m.items.splice(0);

  m.literal('type', ['event'], 'event');
  if (m.has('id')) m.scalar('id', 'uuid', { required: true });
  const match = m.has('match') ? specification(m, 'match', m.input.match, m.at('match')) : {};
  let matchRelated: ResourceSpecification | ResourceSpecification[] | typeof FAILED = {};
  if (m.has('match_related')) {
    const value = m.input.match_related;
    if (Array.isArray(value)) {
      const specs = value.map((v, i) => specification(m, 'match_related', v, [...m.at('match_related'), i]));
      matchRelated = specs.includes(FAILED) ? FAILED : (specs as ResourceSpecification[]);
    } else matchRelated = specification(m, 'match_related', value, m.at('match_related'));
  }
  const after = m.stringSet('after');
  const expect = m.stringSet('expect');
  const forEach = m.stringSet('for_each');
  const postureValue = m.has('posture') ? posture : undefined;
  if (!m.has('posture')) m.missing('posture');
  else if (postureValue !== 'Reactive' && postureValue !== 'Proactive') {
    const expected = "<Posture.Reactive: 'Reactive'> or <Posture.Proactive: 'Proactive'>";
    m.items.push({ type: 'literal_error', loc: m.at('posture'), msg: `Input should be ${expected}`, input: postureValue, ctx: { expected } });
  }
  const threshold = m.scalar<number>('threshold', 'int', { default: 1 });
  m.items.push(...withinItems);
  if (within !== FAILED && within < 0) {
    m.items.push({ type: 'greater_than_equal', loc: m.at('within'), msg: 'Input should be greater than or equal to 0 seconds', input: m.input.within, ctx: { ge: '0 seconds' } });
  }
  if (m.failed) return undefined;
  return {
    type: 'event',
    id: randomUUID(),
    match: match as ResourceSpecification,
    match_related: matchRelated as ResourceSpecification | ResourceSpecification[],
    after: after as string[],
    expect: expect as string[],
    for_each: forEach as string[],
    posture: postureValue as EventTrigger['posture'],
    threshold: threshold as number,
    within: within as number,
  };
}

/** The children, `within` (a required key, null allowed) of a compound or sequence trigger. */
function readComposite(m: ModelReader, type: 'compound' | 'sequence'): { triggers: Trigger[] | typeof FAILED; within: number | null | typeof FAILED } {
  m.literal('type', [type], type);
  if (m.has('id')) m.scalar('id', 'uuid', { required: true });
  let triggers: Trigger[] | typeof FAILED = FAILED;
  if (!m.has('triggers')) m.missing('triggers');
  else if (!Array.isArray(m.input.triggers)) {
    m.items.push({ type: 'list_type', loc: m.at('triggers'), msg: 'Input should be a valid list', input: m.input.triggers });
  } else {
    const children = m.input.triggers.map((child, i) => validateTrigger(child, [...m.at('triggers'), i]));
    for (const child of children) if (!child.ok) m.items.push(...child.items);
    if (children.every((c) => c.ok)) triggers = children.map((c) => (c as { value: Trigger }).value);
  }
  let within: number | null | typeof FAILED = FAILED;
  if (!m.has('within')) m.missing('within');
  else within = m.input.within === null ? null : m.seconds('within');
  return { triggers, within };
}

function readCompound(m: ModelReader): CompoundTrigger | undefined {
  const { triggers, within } = readComposite(m, 'compound');
  let require: number | 'any' | 'all' | typeof FAILED = FAILED;
  if (!m.has('require')) m.missing('require');
  else if (m.input.require === 'any' || m.input.require === 'all') require = m.input.require;
  else {
    // Union[int, Literal['any', 'all']]: both members' items when neither fits.
    const before = m.items.length;
    const asInt = m.scalar<number>('require', 'int', { required: true });
    if (asInt !== FAILED && asInt !== null) require = asInt;
    else {
      const intItem = m.items.splice(before)[0];
      m.items.push({ ...intItem, loc: [...m.at('require'), 'int'] });
      const literal = {
        type: 'literal_error',
        loc: [...m.at('require'), "literal['any','all']"],
        msg: "Input should be 'any' or 'all'",
        input: m.input.require,
        ctx: { expected: "'any' or 'all'" },
      };
      m.items.push(literal);
    }
  }
  if (m.failed || triggers === FAILED || within === FAILED || require === FAILED) return undefined;
  // The model's "after" validator.
  if (typeof require === 'number') {
    if (require < 1) m.modelError('require must be at least 1');
    else if (require > triggers.length) m.modelError('require must be less than or equal to the number of triggers');
    if (m.failed) return undefined;
  }
  return { type: 'compound', id: randomUUID(), triggers, within, require };
}

function readSequence(m: ModelReader): SequenceTrigger | undefined {
  const { triggers, within } = readComposite(m, 'sequence');
  if (m.failed || triggers === FAILED || within === FAILED) return undefined;
  return { type: 'sequence', id: randomUUID(), triggers, within };
}

const MEMBERS: UnionMember<Trigger>[] = [
  {
    label: 'function-before[enforce_minimum_within_for_proactive_triggers(), EventTrigger]',
    className: 'EventTrigger',
    fields: ['type', 'id', 'match', 'match_related', 'after', 'expect', 'for_each', 'posture', 'threshold', 'within'],
    read: readEvent,
  },
  {
    label: 'function-after[validate_require(), CompoundTrigger]',
    className: 'CompoundTrigger',
    fields: ['type', 'id', 'triggers', 'within', 'require'],
    read: readCompound,
  },
  { label: 'SequenceTrigger', className: 'SequenceTrigger', fields: ['type', 'id', 'triggers', 'within'], read: readSequence },
];

/** The trigger with defaults filled and fresh ids, or the items of every member. */
export function validateTrigger(input: unknown, loc: Loc): UnionResult<Trigger> {
  return validateUnion(MEMBERS, input, loc);
}

export type { ValidationItem };
