// The retry fields that the flow-run and task-run policies share (Prefect's
// deprecated max_retries / retry_delay_seconds, and retries), as output and
// input fields; each policy adds its own retry_delay and the rest.
// Pothos field builders of two different object types: typed loosely here.
type FieldBuilder = any;

// Exposed: the policies (runs/policy.ts) hold every field, and graphql-jit
// reads an exposed property inline instead of calling a resolver with a
// GraphQLResolveInfo made per field per row.
export const sharedPolicyFields = (t: FieldBuilder) => ({
  max_retries: t.exposeInt('max_retries', {
    description: 'The maximum number of retries. Field is not used. Please use `retries` instead.',
    deprecationReason: 'Use retries',
  }),
  retry_delay_seconds: t.exposeFloat('retry_delay_seconds', {
    description: 'The delay between retries. Field is not used. Please use `retry_delay` instead.',
    deprecationReason: 'Use retry_delay',
  }),
  retries: t.exposeInt('retries', { description: 'The number of retries.', nullable: true }),
});

export const sharedPolicyInputFields = (t: FieldBuilder) => ({
  max_retries: t.int({ description: 'The maximum number of retries. Field is not used. Please use `retries` instead.' }),
  retry_delay_seconds: t.float({ description: 'The delay between retries. Field is not used. Please use `retry_delay` instead.' }),
  retries: t.int({ description: 'The number of retries.' }),
});
