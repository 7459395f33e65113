// The retry fields that the flow-run and task-run policies share (Prefect's
// deprecated max_retries / retry_delay_seconds, and retries), as output and
// input fields; each policy adds its own retry_delay and the rest.
// Pothos field builders of two different object types: typed loosely here.
type FieldBuilder = any;
type Policy = Record<string, unknown>;

export const sharedPolicyFields = (t: FieldBuilder) => ({
  max_retries: t.int({
    description: 'The maximum number of retries. Field is not used. Please use `retries` instead.',
    deprecationReason: 'Use retries',
    resolve: (p: Policy) => p.max_retries as number,
  }),
  retry_delay_seconds: t.float({
    description: 'The delay between retries. Field is not used. Please use `retry_delay` instead.',
    deprecationReason: 'Use retry_delay',
    resolve: (p: Policy) => p.retry_delay_seconds as number,
  }),
  retries: t.int({ description: 'The number of retries.', nullable: true, resolve: (p: Policy) => p.retries as number | null }),
});

export const sharedPolicyInputFields = (t: FieldBuilder) => ({
  max_retries: t.int({ description: 'The maximum number of retries. Field is not used. Please use `retries` instead.' }),
  retry_delay_seconds: t.float({ description: 'The delay between retries. Field is not used. Please use `retry_delay` instead.' }),
  retries: t.int({ description: 'The number of retries.' }),
});
