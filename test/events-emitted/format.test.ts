// The text formats of server-emitted events, checked against Prefect's own
// cases (tests/server/orchestration/test_flow_run_instrumentation_policies.py).
import { describe, expect, it } from 'vitest';
import { pythonIsoformat, statePayload, truncatedTo } from '../../src/events/emitters/index.ts';

describe('pythonIsoformat', () => {
  it('prints +00:00 and six fraction digits, or none when the fraction is 0', () => {
    expect(pythonIsoformat(new Date('2024-01-02T03:04:05.000Z'))).toBe('2024-01-02T03:04:05+00:00');
    expect(pythonIsoformat(new Date('2024-01-02T03:04:05.120Z'))).toBe('2024-01-02T03:04:05.120000+00:00');
    expect(pythonIsoformat(new Date('2024-01-02T03:04:05.007Z'))).toBe('2024-01-02T03:04:05.007000+00:00');
  });
});

describe('truncatedTo', () => {
  const cases: [string | null, string][] = [
    [null, ''],
    ['', ''],
    ['a', 'a'],
    ['heyyy', 'heyyy'],
    ['12345678901', '12345678901'],
    ['123456789012', '123456789012'],
    ['12345xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxghijk', '12345...39 additional characters...ghijk'],
    ['12345xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxghijk', '12345...40 additional characters...ghijk'],
  ];
  it.each(cases)('at 11 and at 10: %s', (message, expected) => {
    expect(truncatedTo(11, message)).toBe(expected);
    expect(truncatedTo(10, message)).toBe(expected);
  });

  it('counts code points, not UTF-16 units', () => {
    const text = `ab${'😀'.repeat(40)}yz`;
    expect(truncatedTo(4, text)).toBe('ab...40 additional characters...yz');
    expect(truncatedTo(44, text)).toBe(text);
  });
});

describe('statePayload', () => {
  it('keeps type, then non-empty name and message, then pause_reschedule for PAUSED', () => {
    const base = { id: 'x', timestamp: new Date(), state_details: {} };
    expect(statePayload(null)).toBeNull();
    expect(statePayload({ ...base, type: 'RUNNING', name: '', message: '' })).toEqual({ type: 'RUNNING' });
    expect(Object.keys(statePayload({ ...base, type: 'PAUSED', name: 'Paused', message: 'm', state_details: { pause_reschedule: true } })!)).toEqual([
      'type',
      'name',
      'message',
      'pause_reschedule',
    ]);
    expect(statePayload({ ...base, type: 'PAUSED', name: 'Paused', message: null })).toEqual({ type: 'PAUSED', name: 'Paused', pause_reschedule: 'false' });
  });
});
