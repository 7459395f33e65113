// In-memory label matching (the live /events/out filter and the trigger
// engine share src/events/glob.ts): fnmatch globs, `-` literal.
import { describe, expect, it } from 'vitest';
import { labelsMatch } from '../../src/events/filters.ts';

describe('in-memory label globs', () => {
  it('matches globs holding a dash, classes and negations', () => {
    const resource = { 'prefect.resource.id': 'prefect.flow-run.1234', 'prefect.resource.name': 'my-run' };
    expect(labelsMatch({ 'prefect.resource.id': ['prefect.flow-run.*'] }, resource)).toBe(true);
    expect(labelsMatch({ 'prefect.resource.id': ['prefect.task-run.*'] }, resource)).toBe(false);
    expect(labelsMatch({ 'prefect.resource.name': ['my-r?n'] }, resource)).toBe(true);
    expect(labelsMatch({ 'prefect.resource.name': ['[l-n]y-run'] }, resource)).toBe(true);
    expect(labelsMatch({ 'prefect.resource.name': ['!my-*'] }, resource)).toBe(false);
  });
});
