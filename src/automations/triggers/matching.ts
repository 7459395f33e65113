// Which events an event trigger is interested in, and under which key it
// counts them (events §1.3, §6.2 steps 1–2). Pure functions of the trigger
// and the event.
import { byCodePoint } from '../../events/emitters/format.ts';
import type { ReceivedEvent, Resource } from '../../events/types.ts';
import type { EventTrigger, ResourceSpecification } from '../types.ts';
import { fnmatchRegExp } from '../../events/glob.ts';

/** Prefect's `matches`: a glob (fnmatch, case-sensitive), `!` negating it; a missing value never matches. */
export function globMatches(expected: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (expected.startsWith('!')) return !fnmatchRegExp(expected.slice(1)).test(value);
  return fnmatchRegExp(expected).test(value);
}

/** An event name against an index pattern: a plain glob (no `!`), as Prefect's fnmatch of the pattern. */
export function nameMatches(pattern: string, name: string): boolean {
  return fnmatchRegExp(pattern).test(name);
}

/** The event counts for the trigger: its name matches `expect`, or `expect` is empty. */
export function expects(trigger: EventTrigger, name: string): boolean {
  return trigger.expect.length === 0 || trigger.expect.some((glob) => globMatches(glob, name));
}

/** The event opens a window: its name matches a non-empty `after`. */
export function startsAfter(trigger: EventTrigger, name: string): boolean {
  return trigger.after.some((glob) => globMatches(glob, name));
}

/** The patterns the engine indexes a trigger under: `expect ∪ after`, or `*` when `expect` is empty. */
export function indexKeys(trigger: EventTrigger): string[] {
  return trigger.expect.length === 0 ? ['*'] : [...new Set([...trigger.expect, ...trigger.after])];
}

const specCache = new WeakMap<ResourceSpecification, Record<string, string[]>>();

function normalised(spec: ResourceSpecification): Record<string, string[]> {
  let found = specCache.get(spec);
  if (!found) {
    found = Object.fromEntries(Object.entries(spec).map(([label, value]) => [label, typeof value === 'string' ? [value] : value]));
    specCache.set(spec, found);
  }
  return found;
}

/** ResourceSpecification.includes: `{}` matches always (even no candidates), else some candidate matches every label. */
export function specIncludes(spec: ResourceSpecification, candidates: readonly Resource[]): boolean {
  if (Object.keys(spec).length === 0) return true;
  const labels = Object.entries(normalised(spec));
  // Every label present and matching one of its globs (a `[]` list matches nothing).
  return candidates.some((candidate) => labels.every(([label, globs]) => globs.some((glob) => globMatches(glob, candidate[label]))));
}

/** `match` on the primary resource, and each `match_related` specification on some related resource. */
export function coversResources(trigger: EventTrigger, event: ReceivedEvent): boolean {
  if (!specIncludes(trigger.match ?? {}, [event.resource])) return false;
  const related = Array.isArray(trigger.match_related) ? trigger.match_related : [trigger.match_related ?? {}];
  return related.every((spec) => specIncludes(spec, event.related));
}

/** Step 1 of §6.2: the name matches `expect ∪ after` (any name when `expect` is empty) and the resources match. */
export function covers(trigger: EventTrigger, event: ReceivedEvent): boolean {
  const nameOk = trigger.expect.length === 0 || indexKeys(trigger).some((glob) => nameMatches(glob, event.event));
  return nameOk && coversResources(trigger, event);
}

/**
 * Prefect's `find_resource_label`: `related:<role>:<label>` reads the label of
 * the first related resource in that role; any other label (or a role no
 * related resource has) reads the primary resource.
 */
export function findResourceLabel(event: ReceivedEvent, label: string): string | undefined {
  const cut = label.lastIndexOf(':');
  if (cut >= 0) {
    const directive = label.slice(0, cut);
    const relatedLabel = label.slice(cut + 1);
    const colon = directive.indexOf(':');
    const kind = colon >= 0 ? directive.slice(0, colon) : directive;
    const role = colon >= 0 ? directive.slice(colon + 1) : '';
    if (kind === 'related') {
      const first = event.related.find((r) => r['prefect.resource.role'] === role);
      if (first) return first[relatedLabel];
    }
  }
  return event.resource[label];
}

/** The `for_each` labels sorted by name (Python's sorted: code points). */
export function sortedForEach(trigger: EventTrigger): string[] {
  return [...trigger.for_each].sort(byCodePoint);
}

/** Step 2 of §6.2: each sorted `for_each` label's value on the event, "" when absent. */
export function bucketingKey(trigger: EventTrigger, event: ReceivedEvent): string[] {
  return sortedForEach(trigger).map((label) => findResourceLabel(event, label) || '');
}

/** for_each label → key value, for a firing's triggering_labels. */
export function triggeringLabels(trigger: EventTrigger, key: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  sortedForEach(trigger).forEach((label, i) => {
    if (i < key.length) labels[label] = key[i];
  });
  return labels;
}
